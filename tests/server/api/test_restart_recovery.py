"""Restart recovery: what a SIGKILL leaves behind is settled at the next start."""

import pytest

from support.servers import database_rows, start_server

DOCUMENT = """
version: '2.0'
sleeper_wf:
  tasks:
    nap:
      action: std.sleep seconds=30
      on-success: [after]
    after:
      action: std.echo output=after
delayed_wf:
  tasks:
    later:
      wait-before: 2
      action: std.echo output=later
paused_wf:
  tasks:
    gated:
      pause-before: true
      action: std.echo output=gated
"""


@pytest.fixture(scope="module")
def killed_server(tmp_path_factory):
    running = start_server(tmp_path_factory.mktemp("restarted"))
    try:
        running.upload_workflow(DOCUMENT)
        yield running
    finally:
        running.stop()


def test_running_task_is_error_after_sigkill_and_restart(killed_server):
    server = killed_server
    execution = server.start_execution("sleeper_wf")
    server.wait_for_task(execution["id"], "nap", "RUNNING")

    server.kill()
    server.start()
    nap = server.task_named(execution["id"], "nap")
    listed = server.ok(server.get("/executions"))["executions"]

    assert nap["state"] == "ERROR"
    assert "interrupted by a server restart" in nap["state_info"].lower()
    assert server.execution(execution["id"])["state"] == "ERROR"
    assert execution["id"] in [item["id"] for item in listed]


def test_interrupted_action_execution_is_error(killed_server):
    server = killed_server
    execution = server.start_execution("sleeper_wf")
    nap = server.wait_for_task(execution["id"], "nap", "RUNNING")

    server.kill()
    server.start()
    attempts = server.action_executions_of(nap["id"])

    assert [attempt["state"] for attempt in attempts] == ["ERROR"]


def test_interrupted_task_can_be_rerun(killed_server):
    server = killed_server
    execution = server.start_execution("sleeper_wf")
    nap = server.wait_for_task(execution["id"], "nap", "RUNNING")
    server.kill()
    server.start()

    response = server.put(f"/tasks/{nap['id']}", {"state": "RUNNING", "reset": True})

    assert response.status_code == 200
    assert response.json()["state"] == "RUNNING"
    assert server.execution(execution["id"])["state"] == "RUNNING"
    server.put(f"/executions/{execution['id']}", {"state": "CANCELLED"})


def test_delayed_task_runs_after_restart(killed_server):
    server = killed_server
    execution = server.start_execution("delayed_wf")
    server.wait_for_task(execution["id"], "later", "DELAYED")

    server.kill()
    server.start()
    finished = server.wait_for_execution(execution["id"], "SUCCESS")

    assert finished["state"] == "SUCCESS"


def test_paused_execution_stays_paused_after_restart(killed_server):
    server = killed_server
    execution = server.start_execution("paused_wf")
    server.wait_for_execution(execution["id"], "PAUSED")

    server.kill()
    server.start()

    assert server.execution(execution["id"])["state"] == "PAUSED"
    assert database_rows(server.db_path, "task_executions", workflow_execution_id=execution["id"])[0]["state"] == "IDLE"


def test_sigterm_stops_cleanly_and_logs_stop(killed_server):
    server = killed_server

    code = server.stop()
    server.start()

    assert code == 0
    assert "mistral-env-server stopped" in server.log_text()
