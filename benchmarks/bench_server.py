"""Start mistral-env-server for a benchmark script, on a free port of 127.0.0.1.

The benchmark scripts import this module by name: Python puts the script's
own directory, benchmarks/, first on sys.path.
"""

import pathlib
import re
import subprocess
import sys
import time

_LISTENING = re.compile(r"listening on http://[\d.]+:(\d+)/v2")


def start_server(directory, workers):
    """Start a server with a SQLite file in ``directory``; return (process, API root URL)."""
    script = pathlib.Path(sys.executable).with_name("mistral-env-server")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "mistralclient_env.server.cli"]
    log_path = directory / "server.log"
    log = open(log_path, "wb")
    process = subprocess.Popen(
        command + ["--port", "0", "--db", f"sqlite:///{directory / 'bench.db'}",
                   "--workers", str(workers), "--log-level", "INFO"],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        match = _LISTENING.search(log_path.read_text(errors="replace"))
        if match:
            return process, f"http://127.0.0.1:{match.group(1)}/v2"
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    raise SystemExit(f"mistral-env-server did not start:\n{log_path.read_text(errors='replace')}")
