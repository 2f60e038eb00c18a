"""Cancelling std.http while its request waits for the response frees the worker at once."""

import threading
import time

import pytest

from mistralclient_env.server.actions import ActionError, run_action
from mistralclient_env.server.actions.errors import ActionCancelledError

from support.servers import start_server

DEADLINE = 5.0


def wait_until(condition, description):
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {DEADLINE} s waiting for {description}")
        time.sleep(0.02)


def slow_request_arrived(http_server):
    return any(request["path"].startswith("/slow") for request in http_server.requests)


def test_http_returns_when_cancelled_while_waiting(http_server):
    cancel = threading.Event()
    outcome = []

    def call():
        try:
            run_action("std.http", {"url": f"{http_server.url}/slow?token=secret-query", "timeout": 30},
                       cancel_event=cancel)
        except ActionError as error:
            outcome.append(error)

    caller = threading.Thread(target=call)
    caller.start()
    wait_until(lambda: slow_request_arrived(http_server), "the request to reach the server")
    cancel.set()
    caller.join(timeout=DEADLINE)

    assert not caller.is_alive()
    assert len(outcome) == 1
    assert isinstance(outcome[0], ActionCancelledError)
    assert str(outcome[0]) == f"HTTP GET {http_server.url}/slow was cancelled while it waited for the response"


def test_http_with_cancel_event_returns_result(http_server):
    result = run_action("std.http", {"url": f"{http_server.url}/json"}, cancel_event=threading.Event())

    assert result["status"] == 200
    assert result["content"] == {"ok": True, "query": {}}


def test_http_with_cancel_event_raises_status_error(http_server):
    with pytest.raises(ActionError) as caught:
        run_action("std.http", {"url": f"{http_server.url}/status/503"}, cancel_event=threading.Event())

    assert not isinstance(caught.value, ActionCancelledError)
    assert caught.value.data["status"] == 503


WORKFLOWS = """
version: '2.0'
hang_wf:
  input: [url]
  tasks:
    call:
      action: std.http url=<% $.url %> timeout=30
quick_wf:
  tasks:
    one:
      action: std.noop
"""


@pytest.fixture
def one_worker_server(tmp_path):
    running = start_server(tmp_path, workers=1)
    running.upload_workflow(WORKFLOWS)
    yield running
    running.stop()


def test_cancel_of_hanging_http_frees_the_worker(one_worker_server, http_server):
    server = one_worker_server
    hang = server.start_execution("hang_wf", input={"url": f"{http_server.url}/slow"})
    wait_until(lambda: slow_request_arrived(http_server), "std.http to reach the slow endpoint")
    call = server.task_named(hang["id"], "call")

    cancelled = server.put(f"/executions/{hang['id']}", {"state": "CANCELLED"})
    attempt = server.action_executions_of(call["id"])[0]
    quick = server.start_execution("quick_wf")
    finished = server.wait_for_execution(quick["id"], "SUCCESS", "ERROR", timeout=DEADLINE)

    assert cancelled.status_code == 200
    assert cancelled.json()["state"] == "CANCELLED"
    assert server.task(call["id"])["state"] == "CANCELLED"
    assert attempt["state"] == "CANCELLED"
    assert attempt["accepted"] is False
    assert finished["state"] == "SUCCESS"


def test_late_response_of_cancelled_http_ignored(one_worker_server, http_server):
    server = one_worker_server
    hang = server.start_execution("hang_wf", input={"url": f"{http_server.url}/slow"})
    wait_until(lambda: slow_request_arrived(http_server), "std.http to reach the slow endpoint")
    call = server.task_named(hang["id"], "call")
    server.ok(server.put(f"/executions/{hang['id']}", {"state": "CANCELLED"}))

    http_server.release()
    server.wait_for(lambda: server.log_text(), lambda text: "abandoned std.http request" in text and "ended" in text,
                    "the abandoned request to end", timeout=DEADLINE)
    attempt = server.action_executions_of(call["id"])[0]

    assert attempt["state"] == "CANCELLED"
    assert server.execution(hang["id"])["state"] == "CANCELLED"
