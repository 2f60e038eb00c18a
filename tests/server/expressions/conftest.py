"""An expression context shaped like the one the engine builds for a running task."""

import pytest

from mistralclient_env.server.expressions import ExpressionContext

ENV = {
    "endpoint": "http://127.0.0.1:8080",
    "token": "tok-4f2a9c-secret",
    "hosts": ["alpha", "beta"],
    "limits": {"retries": 3},
}

DATA = {"status": 200, "names": ["a", "b"], "password": "input-hunter2", "nested": {"k": "v"}}

EXECUTION = {
    "id": "5f0c0e1c-0000-4000-8000-000000000001",
    "name": "outage_wf",
    "input": {"password": "input-hunter2"},
    "params": {"env": ENV},
    "state": "RUNNING",
}

FETCH = {
    "id": "task-fetch-1",
    "name": "fetch",
    "state": "SUCCESS",
    "state_info": None,
    "result": {"status": 200, "content": {"items": [1, 2, 3]}},
    "published": {"status": 200},
}

REPORT = {
    "id": "task-report-1",
    "name": "report",
    "state": "RUNNING",
    "state_info": None,
    "result": None,
    "published": {},
}


@pytest.fixture
def context():
    tasks = {"fetch": FETCH, "report": {**REPORT, "id": "older-report"}}
    return ExpressionContext(
        data=DATA,
        env=ENV,
        execution=EXECUTION,
        task_lookup=tasks.get,
        current_task=REPORT,
    )
