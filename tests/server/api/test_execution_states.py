"""Pause, resume and stop of executions through PUT /v2/executions/{id}."""

import json

import pytest

DOCUMENT = """
version: '2.0'
two_steps_wf:
  tasks:
    first:
      action: std.sleep seconds=1
      on-success: [second]
    second:
      action: std.echo output=done
long_wf:
  tasks:
    nap:
      action: std.sleep seconds=30
      on-success: [after]
    after:
      action: std.noop
pause_before_wf:
  tasks:
    first:
      action: std.echo output=one
      on-success: [gated]
    gated:
      pause-before: true
      action: std.echo output=two
quick_wf:
  tasks:
    one:
      action: std.noop
"""


@pytest.fixture(scope="module")
def workflows(api):
    api.upload_workflow(DOCUMENT)


def update(api, execution_id, body):
    return api.put(f"/executions/{execution_id}", body)


def test_pause_starts_no_new_task(api, workflows):
    execution = api.start_execution("two_steps_wf")

    paused = api.ok(update(api, execution["id"], {"state": "PAUSED"}))
    api.wait_for_task(execution["id"], "first", "SUCCESS")

    assert paused["state"] == "PAUSED"
    assert api.execution(execution["id"])["state"] == "PAUSED"
    assert [task["name"] for task in api.tasks_of(execution["id"])] == ["first"]


def test_resume_continues_after_pause(api, workflows):
    execution = api.start_execution("two_steps_wf")
    api.ok(update(api, execution["id"], {"state": "PAUSED"}))
    api.wait_for_task(execution["id"], "first", "SUCCESS")

    resumed = api.ok(update(api, execution["id"], {"state": "RUNNING"}))
    finished = api.wait_for_execution(execution["id"], "SUCCESS")

    assert resumed["state"] == "RUNNING"
    assert finished["state"] == "SUCCESS"
    assert api.task_named(execution["id"], "second")["state"] == "SUCCESS"


def test_pause_before_pauses_the_execution(api, workflows):
    execution = api.start_execution("pause_before_wf")

    paused = api.wait_for_execution(execution["id"], "PAUSED")
    gated = api.task_named(execution["id"], "gated")

    assert "gated" in paused["state_info"]
    assert gated["state"] == "IDLE"


def test_resume_after_pause_before_runs_the_task(api, workflows):
    execution = api.start_execution("pause_before_wf")
    api.wait_for_execution(execution["id"], "PAUSED")

    api.ok(update(api, execution["id"], {"state": "RUNNING"}))
    finished = api.wait_for_execution(execution["id"], "SUCCESS")

    assert json.loads(api.task_named(execution["id"], "gated")["result"]) == "two"
    assert finished["state_info"] is None


def test_resume_of_running_execution_is_a_no_op(api, workflows):
    execution = api.start_execution("long_wf")

    response = update(api, execution["id"], {"state": "RUNNING"})

    assert response.status_code == 200
    assert response.json()["state"] == "RUNNING"
    update(api, execution["id"], {"state": "CANCELLED"})


@pytest.mark.parametrize("state", ["SUCCESS", "ERROR", "CANCELLED"])
def test_stop_running_execution(api, workflows, state):
    execution = api.start_execution("long_wf")
    api.wait_for_task(execution["id"], "nap", "RUNNING")

    stopped = api.ok(update(api, execution["id"], {"state": state}))
    nap = api.task_named(execution["id"], "nap")

    assert stopped["state"] == state
    assert nap["state"] == ("ERROR" if state == "ERROR" else "CANCELLED")
    assert [task["name"] for task in api.tasks_of(execution["id"])] == ["nap"]


def test_stop_paused_execution(api, workflows):
    execution = api.start_execution("pause_before_wf")
    api.wait_for_execution(execution["id"], "PAUSED")

    stopped = api.ok(update(api, execution["id"], {"state": "CANCELLED"}))

    assert stopped["state"] == "CANCELLED"


@pytest.mark.parametrize("target", ["RUNNING", "PAUSED", "ERROR"])
def test_finished_execution_cannot_change_state(api, workflows, target):
    execution = api.start_execution("quick_wf")
    api.wait_for_execution(execution["id"], "SUCCESS")

    response = update(api, execution["id"], {"state": target})

    assert response.status_code == 400
    assert "SUCCESS" in response.json()["faultstring"]
    assert target in response.json()["faultstring"]
    assert api.execution(execution["id"])["state"] == "SUCCESS"


def test_resume_of_error_execution_is_400(api, workflows):
    execution = api.start_execution("long_wf")
    api.ok(update(api, execution["id"], {"state": "ERROR"}))

    response = update(api, execution["id"], {"state": "RUNNING"})

    assert response.status_code == 400
    assert "rerun" in response.json()["faultstring"]


def test_unknown_target_state_is_400(api, workflows):
    execution = api.start_execution("quick_wf")

    response = update(api, execution["id"], {"state": "IDLE"})

    assert response.status_code == 400
    assert "IDLE" in response.json()["faultstring"]


def test_state_of_wrong_type_is_400(api, workflows):
    execution = api.start_execution("quick_wf")

    response = update(api, execution["id"], {"state": 3})

    assert response.status_code == 400
    assert "state" in response.json()["faultstring"]


ITEMS_DOCUMENT = """
version: '2.0'
paced_items_wf:
  tasks:
    each:
      with-items: n in [1, 2, 3, 4]
      concurrency: 1
      action: std.sleep seconds=1
"""


def test_pause_starts_no_new_iteration(api, workflows):
    api.upload_workflow(ITEMS_DOCUMENT)
    execution = api.start_execution("paced_items_wf")
    each = api.wait_for_task(execution["id"], "each", "RUNNING")

    api.ok(update(api, execution["id"], {"state": "PAUSED"}))
    api.wait_for(lambda: api.action_executions_of(each["id"]),
                 lambda items: items and all(item["state"] != "RUNNING" for item in items), "the running iteration")
    started_while_paused = len(api.action_executions_of(each["id"]))
    state_while_paused = api.task(each["id"])["state"]
    api.ok(update(api, execution["id"], {"state": "RUNNING"}))
    finished = api.wait_for_execution(execution["id"], "SUCCESS")

    assert started_while_paused < 4
    assert state_while_paused == "RUNNING"
    assert finished["state"] == "SUCCESS"
    assert len(api.action_executions_of(each["id"])) == 4
