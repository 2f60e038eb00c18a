"""Values from requests are logged with control characters escaped: one request, at most one line.

A path, a name or a query value with a line break could otherwise write a
line that looks like the engine's own, and a NUL byte would make grep treat
the log as binary and hide its matches.
"""

import json

import pytest

FORGED = "2026-12-04 21:30:00,000 INFO mistralclient_env.server.engine.updates [waitress-9] FORGED"


@pytest.fixture
def forged_requests(server):
    server.get("/executions/abc%0A" + FORGED.replace(" ", "%20") + "%0D%00")
    server.post("/executions", {"workflow_name": "x\n" + FORGED + "2", "workflow_namespace": "ns\n" + FORGED + "3"})
    server.get("/executions?workflow_name=a%0A" + FORGED.replace(" ", "%20") + "4&bogus%0A" + "x=1")
    server.request("POST", "/environments", data=json.dumps({"name": "e\n" + FORGED + "5", "variables": {}}),
                   headers={"Content-Type": "application/json"})
    server.get("/environments/e%0A" + FORGED.replace(" ", "%20") + "6")
    server.stop()
    return server.log_path.read_bytes()


def test_no_log_line_starts_with_forged_text(forged_requests):
    lines = forged_requests.decode("utf-8", "replace").splitlines()

    assert lines
    assert not [line for line in lines if line.startswith("2026-12-04 21:30:00,000")]


def test_forged_text_stays_inside_escaped_lines(forged_requests):
    text = forged_requests.decode("utf-8", "replace")

    assert "FORGED" in text
    assert "\\n2026-12-04 21:30:00,000" in text


def test_log_has_no_nul_byte(forged_requests):
    assert b"\x00" not in forged_requests


def test_log_has_no_carriage_return(forged_requests):
    assert b"\r" not in forged_requests
