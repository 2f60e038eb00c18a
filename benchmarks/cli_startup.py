"""Measure the start-up cost of the `mistral` command.

Prints the median whole-process wall time, in milliseconds, of

- ``python -c "import requests"``: the floor, what any requests-based
  client pays before doing anything;
- ``mistral --help``;
- ``mistral task-get ID`` against a local HTTP endpoint that this script
  starts on 127.0.0.1 and that responds with a canned task;

and each time's ratio to the floor. The target is a ratio of at most 2.
Nothing is asserted: the figures depend on the machine.

Usage: python benchmarks/cli_startup.py [--runs N]
"""

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TASK_ID = "c5d7e9f1-3a4b-4c6d-8e0f-1a2b3c4d5e03"

TASK = {
    "id": TASK_ID,
    "name": "fetch",
    "workflow_name": "outage_wf",
    "workflow_namespace": "",
    "workflow_execution_id": "6b4a6b1e-2a4e-4bd5-9c1a-1f1b0a6f8c01",
    "state": "ERROR",
    "state_info": "Failed to run action [action=std.http]",
    "created_at": "2026-12-04 19:30:52",
    "started_at": "2026-12-04 19:30:52",
    "finished_at": "2026-12-04 19:31:02",
    "result": '{"status": 503}',
    "published": "{}",
}


class _TaskHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        payload = json.dumps(TASK).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        pass


def median_milliseconds(argv, runs):
    """Run ``argv`` ``runs`` times after one warm-up run; return the median wall time in ms."""
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - started) * 1000)

    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs per command (default: 21)")
    options = parser.parse_args()

    mistral = str(Path(sys.executable).with_name("mistral"))

    server = ThreadingHTTPServer(("127.0.0.1", 0), _TaskHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v2"

    try:
        cases = [
            ('python -c "import requests"', [sys.executable, "-c", "import requests"]),
            ("mistral --help", [mistral, "--help"]),
            ("mistral task-get ID", [mistral, "--os-mistral-url", url, "task-get", TASK_ID]),
        ]
        results = [(label, median_milliseconds(argv, options.runs)) for label, argv in cases]
    finally:
        server.shutdown()
        server.server_close()

    floor = results[0][1]
    print(f"median wall time of {options.runs} runs each, Python {sys.version.split()[0]}")
    for label, milliseconds in results:
        print(f"{label:<30} {milliseconds:8.1f} ms  {milliseconds / floor:5.2f}x floor")


if __name__ == "__main__":
    main()
