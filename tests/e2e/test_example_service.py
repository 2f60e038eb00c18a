"""examples/outage-recovery/service.py: only the current token of its token file gets the data."""

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

SERVICE_SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "outage-recovery" / "service.py"
START_TIMEOUT = 20.0

_LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


class ExampleService:
    """service.py running as a child process, with its token file and log in a directory."""

    def __init__(self, directory):
        self.token_path = directory / "token"
        self.log_path = directory / "service.log"
        self.process = None
        self.url = None

    def start(self, token):
        self.write_token(token)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(SERVICE_SCRIPT), "--port", "0", "--token-file", str(self.token_path)],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )

        deadline = time.monotonic() + START_TIMEOUT
        while (match := _LISTENING.search(self.log_text())) is None:
            assert self.process.poll() is None, f"service.py exited:\n{self.log_text()}"
            assert time.monotonic() < deadline, f"service.py did not start:\n{self.log_text()}"
            time.sleep(0.05)
        self.url = match.group(1)
        return self

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def write_token(self, token):
        self.token_path.write_text(token + "\n", encoding="utf-8")

    def fetch(self, token=None, path="/data"):
        headers = {} if token is None else {"X-Auth-Token": token}
        return requests.get(self.url + path, headers=headers, timeout=10)

    def log_text(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def service(tmp_path):
    running = ExampleService(tmp_path).start("first-token-0123")
    yield running
    running.stop()


def test_current_token_gets_items(service):
    response = service.fetch("first-token-0123")

    assert response.status_code == 200
    assert response.json() == {"items": ["alpha", "beta", "gamma"]}


def test_wrong_or_missing_token_rejected(service):
    assert service.fetch("other-token").status_code == 401
    assert service.fetch().status_code == 401


def test_rotated_token_replaces_old(service):
    service.write_token("second-token-4567")

    assert service.fetch("first-token-0123").status_code == 401
    assert service.fetch("second-token-4567").status_code == 200


def test_unknown_path_not_found(service):
    assert service.fetch("first-token-0123", path="/other").status_code == 404


def test_log_has_requests_without_tokens(service):
    service.fetch("first-token-0123")
    service.fetch("wrong-token-8901")
    service.stop()
    log = service.log_text()

    assert "GET /data 200 (token sent)" in log
    assert "GET /data 401 (token sent)" in log
    assert "first-token-0123" not in log
    assert "wrong-token-8901" not in log
