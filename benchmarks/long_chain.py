"""Measure how the time per task of a sequential workflow grows with its length.

Starts ``mistral-env-server`` on 127.0.0.1 with a SQLite file in a temporary
directory. For each size N (200 and 2000 by default) it uploads a workflow of
N ``std.noop`` tasks chained by ``on-success``, starts one execution, waits
until it ends, and prints the wall time and the time per task. When the
time per task stays about the same at both sizes, each transition costs the
same however many tasks ran before it. A time per task that grows with N
means that each transition reads the tasks that already ran.

It prints figures and asserts nothing. Every request goes to 127.0.0.1 and
the sizes are fixed, so it always ends. Run it with the project's virtual
environment: ``.venv/bin/python benchmarks/long_chain.py [--sizes 200 2000]``.
"""

import argparse
import pathlib
import platform
import signal
import sys
import tempfile
import time

import requests

from bench_server import start_server

POLL_INTERVAL = 0.2


def chain_workflow(name, size):
    """Return a workflow document whose ``size`` std.noop tasks run one after another."""
    lines = ["---", "version: '2.0'", f"{name}:", "  tasks:"]
    for number in range(size):
        lines.append(f"    t{number}:")
        lines.append("      action: std.noop")
        if number + 1 < size:
            lines.append(f"      on-success: [t{number + 1}]")
    return "\n".join(lines) + "\n"


def run_chain(session, url, size):
    """Upload and run a chain of ``size`` tasks; return the seconds from start to the end state."""
    name = f"chain_{size}"
    response = session.post(f"{url}/workflows", data=chain_workflow(name, size),
                            headers={"Content-Type": "text/plain"}, timeout=120)
    if response.status_code != 201:
        raise SystemExit(f"upload of {name} failed: {response.status_code} {response.text}")

    started = time.perf_counter()
    execution = session.post(f"{url}/executions", json={"workflow_name": name}, timeout=60).json()
    while True:
        state = session.get(f"{url}/executions/{execution['id']}", timeout=60).json()["state"]
        if state != "RUNNING":
            break
        time.sleep(POLL_INTERVAL)
    elapsed = time.perf_counter() - started

    if state != "SUCCESS":
        raise SystemExit(f"execution of {name} ended in {state}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000],
                        help="numbers of chained tasks to run, one execution each (default: 200 2000)")
    parser.add_argument("--workers", type=int, default=4, help="the server's --workers (default 4)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mistral-env-bench-") as temporary:
        process, url = start_server(pathlib.Path(temporary), args.workers)
        try:
            session = requests.Session()
            print(f"mistral-env-server on SQLite, {args.workers} workers; Python {sys.version.split()[0]}; "
                  f"{platform.machine()} {platform.system()}")
            for size in args.sizes:
                elapsed = run_chain(session, url, size)
                print(f"chain of {size:>5} std.noop tasks: {elapsed:7.2f} s in all, "
                      f"{elapsed / size * 1000:6.2f} ms per task")
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(15)


if __name__ == "__main__":
    main()
