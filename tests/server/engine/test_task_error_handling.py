"""Which transitions handle a task's error, and the rerun of a task whose error was not handled.

As in Mistral, only an on-error transition that is taken handles the error
of a task. On-complete (and on-success) tasks still run, but the execution
then ends in ERROR and names the failed task, which stays rerunnable.
"""

import json

import pytest

DOCUMENT = """
version: '2.0'
on_complete_wf:
  tasks:
    bad:
      action: std.sleep seconds=<% env().nap %>
      on-complete: [after]
    after:
      action: std.echo output=after
on_success_wf:
  tasks:
    bad:
      action: std.fail
      on-success: [after]
    after:
      action: std.echo output=after
false_on_error_wf:
  tasks:
    bad:
      action: std.fail
      on-error:
        - cleanup: <% false %>
      on-complete: [after]
    cleanup:
      action: std.noop
    after:
      action: std.echo output=after
true_on_error_wf:
  tasks:
    bad:
      action: std.fail
      on-error:
        - skipped_cleanup: <% false %>
        - cleanup: <% true %>
    skipped_cleanup:
      action: std.noop
    cleanup:
      action: std.noop
parent_wf:
  tasks:
    call:
      workflow: on_success_wf
      on-complete: [after]
    after:
      action: std.echo output=after
"""


@pytest.fixture(scope="module")
def workflows(server):
    server.upload_workflow(DOCUMENT)


def run(server, name, env=None):
    execution = server.start_execution(name, env=env)
    return server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")


def task_states(server, execution_id):
    return {task["name"]: task["state"] for task in server.tasks_of(execution_id)}


def test_on_complete_does_not_handle_the_error(server, workflows):
    execution = run(server, "on_complete_wf", env={"nap": "not-a-number"})

    assert execution["state"] == "ERROR"
    assert execution["state_info"] == "Failure caused by error in tasks: bad"
    assert task_states(server, execution["id"]) == {"bad": "ERROR", "after": "SUCCESS"}


def test_on_success_does_not_handle_the_error(server, workflows):
    execution = run(server, "on_success_wf")

    assert execution["state"] == "ERROR"
    assert "bad" in execution["state_info"]
    assert task_states(server, execution["id"]) == {"bad": "ERROR"}


def test_on_error_with_false_condition_does_not_handle(server, workflows):
    execution = run(server, "false_on_error_wf")

    assert execution["state"] == "ERROR"
    assert "bad" in execution["state_info"]
    assert task_states(server, execution["id"]) == {"bad": "ERROR", "after": "SUCCESS"}


def test_on_error_with_true_condition_handles(server, workflows):
    execution = run(server, "true_on_error_wf")

    assert execution["state"] == "SUCCESS"
    assert task_states(server, execution["id"]) == {"bad": "ERROR", "cleanup": "SUCCESS"}


def test_failed_sub_workflow_with_on_complete_fails_parent(server, workflows):
    execution = run(server, "parent_wf")

    assert execution["state"] == "ERROR"
    assert "call" in execution["state_info"]
    assert task_states(server, execution["id"]) == {"call": "ERROR", "after": "SUCCESS"}


def test_rerun_with_env_after_on_complete_succeeds(server, workflows):
    execution = run(server, "on_complete_wf", env={"nap": "not-a-number"})
    bad = server.task_named(execution["id"], "bad")

    response = server.put(f"/tasks/{bad['id']}", {"id": bad["id"], "state": "RUNNING", "reset": True,
                                                  "env": json.dumps({"nap": 0})})
    finished = server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")

    assert response.status_code == 200, response.text
    assert response.json()["id"] == bad["id"]
    assert finished["state"] == "SUCCESS"
    assert server.task(bad["id"])["state"] == "SUCCESS"
    assert server.env_of(execution["id"]) == {"nap": 0}
