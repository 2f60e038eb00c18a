"""Measure the bundled server's API: latency of GET and PUT on one execution, and throughput.

Starts ``mistral-env-server`` on 127.0.0.1 with a SQLite file in a temporary
directory, uploads a workflow, starts one execution that pauses before its
task (so that env updates are allowed), then:

1. sends GET /v2/executions/{id} one after another and prints the median and
   99th percentile latency;
2. does the same with PUT /v2/executions/{id} carrying a one-key env update
   (each one is a write transaction and an env revision);
3. runs 8 client threads that alternate GET and PUT for a fixed number of
   requests each, and prints requests per second.

It prints figures and asserts nothing. Every request goes to 127.0.0.1 and
the request counts are fixed, so it always ends. Run it with the project's
virtual environment: ``.venv/bin/python benchmarks/server_api.py``.
"""

import argparse
import pathlib
import signal
import statistics
import sys
import tempfile
import threading
import time

import requests

from bench_server import start_server

WORKFLOW = """
version: '2.0'
bench_wf:
  tasks:
    gated:
      pause-before: true
      action: std.noop
"""


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def time_requests(count, send):
    latencies = []
    for number in range(count):
        started = time.perf_counter()
        response = send(number)
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"request failed: {response.status_code} {response.text}")
    return latencies


def report(name, latencies):
    print(f"{name:<32} median {statistics.median(latencies):7.2f} ms   "
          f"p99 {percentile(latencies, 0.99):7.2f} ms   ({len(latencies)} requests)")


def throughput(url, execution_id, clients, per_client):
    barrier = threading.Barrier(clients + 1)
    failures = []

    def client(number):
        session = requests.Session()
        barrier.wait()
        for step in range(per_client):
            if step % 2:
                response = session.put(f"{url}/executions/{execution_id}",
                                       json={"params": {"env": {f"client_{number}": step}}}, timeout=60)
            else:
                response = session.get(f"{url}/executions/{execution_id}", timeout=60)
            if response.status_code != 200:
                failures.append(response.status_code)

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    total = clients * per_client
    print(f"{clients} concurrent clients, GET and PUT alternating: "
          f"{total / elapsed:7.1f} requests/s ({total} requests in {elapsed:.2f} s, {len(failures)} failed)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500, help="sequential requests per measurement (default 500)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--per-client", type=int, default=200, help="requests per concurrent client (default 200)")
    parser.add_argument("--workers", type=int, default=4, help="the server's --workers (default 4)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mistral-env-bench-") as temporary:
        process, url = start_server(pathlib.Path(temporary), args.workers)
        try:
            session = requests.Session()
            session.post(f"{url}/workflows", data=WORKFLOW, headers={"Content-Type": "text/plain"}, timeout=30)
            execution = session.post(f"{url}/executions",
                                     json={"workflow_name": "bench_wf", "params": {"env": {"token": "t"}}},
                                     timeout=30).json()
            execution_id = execution["id"]
            while session.get(f"{url}/executions/{execution_id}", timeout=30).json()["state"] != "PAUSED":
                time.sleep(0.05)

            print(f"mistral-env-server on SQLite, {args.workers} workers; Python {sys.version.split()[0]}")
            report("GET /v2/executions/{id}",
                   time_requests(args.requests, lambda _: session.get(f"{url}/executions/{execution_id}", timeout=30)))
            report("PUT /v2/executions/{id} (env)",
                   time_requests(args.requests, lambda number: session.put(
                       f"{url}/executions/{execution_id}", json={"params": {"env": {"key": number}}}, timeout=30)))
            throughput(url, execution_id, args.clients, args.per_client)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(15)


if __name__ == "__main__":
    main()
