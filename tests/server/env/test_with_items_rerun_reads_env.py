"""A rerun of a with-items task whose list comes from env() reads the list again.

Without reset (the CLI's --resume) the failed indexes run again with the
items the new env puts there, and a list whose length changed is rejected
before anything changes. With reset every item of the new list runs.
"""

import json

import pytest

from support.servers import database_snapshot

DOCUMENT = """
version: '2.0'
env_items_wf:
  tasks:
    each:
      with-items: nap in <% env().naps %>
      action: std.echo output=<% $.nap %> delay=<% $.nap %>
      on-success: [after]
    after:
      action: std.echo output=after
env_items_paused_wf:
  tasks:
    each:
      with-items: nap in <% env().naps %>
      action: std.echo output=<% $.nap %> delay=<% $.nap %>
    slow:
      action: std.sleep seconds=30
env_items_child_wf:
  input: [nap]
  tasks:
    run:
      action: std.echo output=<% $.nap %> delay=<% $.nap %>
  output:
    nap: <% task(run).result %>
env_items_parent_wf:
  tasks:
    each:
      with-items: nap in <% env().naps %>
      workflow: env_items_child_wf
      input:
        nap: <% $.nap %>
"""

# The string items fail: std.echo's delay must be a number of seconds.
FAILING_NAPS = [0, "bad-1", 0, "bad-3"]
FIXED_NAPS = ["changed", 0.001, "changed", 0.002]


@pytest.fixture(scope="module")
def workflows(env_server):
    env_server.upload_workflow(DOCUMENT)


def failed_task(server, workflow, canary):
    execution = server.start_execution(workflow, env={"naps": FAILING_NAPS, "canary": canary})
    server.wait_for_execution(execution["id"], "ERROR")
    return execution, server.task_named(execution["id"], "each")


def rerun(server, task_id, reset, env=None):
    body = {"id": task_id, "state": "RUNNING", "reset": reset}
    if env is not None:
        body["env"] = json.dumps(env)
    return server.put(f"/tasks/{task_id}", body)


def test_resume_reruns_failed_indexes(env_server, workflows, canary):
    execution, each = failed_task(env_server, "env_items_wf", canary)
    attempts_before = env_server.action_executions_of(each["id"])

    response = rerun(env_server, each["id"], False, {"naps": FIXED_NAPS})
    finished = env_server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")
    attempts = env_server.action_executions_of(each["id"])
    ids_before = {item["id"] for item in attempts_before}
    new_inputs = sorted((json.loads(item["input"]) for item in attempts if item["id"] not in ids_before),
                        key=lambda given: given["delay"])

    assert response.status_code == 200, response.text
    assert finished["state"] == "SUCCESS"
    assert json.loads(env_server.task(each["id"])["result"]) == [0, 0.001, 0, 0.002]
    assert new_inputs == [{"output": 0.001, "delay": 0.001}, {"output": 0.002, "delay": 0.002}]
    assert [item for item in attempts_before if item["state"] == "SUCCESS"] == \
        [item for item in attempts if item["state"] == "SUCCESS" and item in attempts_before]
    assert env_server.task_named(execution["id"], "after")["state"] == "SUCCESS"


@pytest.mark.parametrize("naps", [[0, 0.001, 0], [0, 0.001, 0, 0.002, 0]])
def test_resume_with_other_item_count_is_400(env_server, workflows, canary, naps):
    execution, each = failed_task(env_server, "env_items_wf", canary)
    before = database_snapshot(env_server.db_path, execution["id"])

    response = rerun(env_server, each["id"], False, {"naps": naps})

    assert response.status_code == 400
    assert response.json()["faultcode"] == "Client"
    assert f"changed from 4 to {len(naps)}" in response.json()["faultstring"]
    assert "with reset (without --resume)" in response.json()["faultstring"]
    assert database_snapshot(env_server.db_path, execution["id"]) == before
    assert env_server.env_of(execution["id"])["naps"] == FAILING_NAPS


def test_resume_with_failing_list_is_400(env_server, workflows, canary):
    execution, each = failed_task(env_server, "env_items_wf", canary)
    before = database_snapshot(env_server.db_path, execution["id"])

    response = rerun(env_server, each["id"], False, {"naps": canary})

    assert response.status_code == 400
    assert "failed to evaluate with the merged env" in response.json()["faultstring"]
    assert "must be a list" in response.json()["faultstring"]
    assert canary not in response.json()["faultstring"]
    assert database_snapshot(env_server.db_path, execution["id"]) == before


def test_reset_rerun_runs_new_list(env_server, workflows, canary):
    execution, each = failed_task(env_server, "env_items_wf", canary)

    response = rerun(env_server, each["id"], True, {"naps": [0, 0.001, 0.002]})
    finished = env_server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")

    assert response.status_code == 200, response.text
    assert finished["state"] == "SUCCESS"
    assert json.loads(env_server.task(each["id"])["result"]) == [0, 0.001, 0.002]


def test_count_changed_while_rerun_waits(env_server, workflows, canary):
    execution = env_server.start_execution("env_items_paused_wf", env={"naps": FAILING_NAPS, "canary": canary})
    each = env_server.wait_for_task(execution["id"], "each", "ERROR")
    env_server.ok(env_server.put(f"/executions/{execution['id']}", {"state": "PAUSED"}))

    accepted = rerun(env_server, each["id"], False, {"naps": FIXED_NAPS})
    env_server.ok(env_server.put(f"/executions/{execution['id']}", {"params": {"env": {"naps": [0, 0]}}}))
    env_server.ok(env_server.put(f"/executions/{execution['id']}", {"state": "RUNNING"}))
    failed = env_server.wait_for_task(execution["id"], "each", "ERROR")
    env_server.put(f"/executions/{execution['id']}", {"state": "CANCELLED"})

    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["state"] == "WAITING"
    assert "changed from 4 to 2" in failed["state_info"]
    assert json.loads(env_server.task(each["id"])["result"])[0] == 0


def test_sub_workflow_resume_uses_new_items(env_server, workflows, canary):
    execution, each = failed_task(env_server, "env_items_parent_wf", canary)
    children_before = env_server.ok(env_server.get(f"/tasks/{each['id']}/executions"))["executions"]

    response = rerun(env_server, each["id"], False, {"naps": FIXED_NAPS})
    finished = env_server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")
    children = env_server.ok(env_server.get(f"/tasks/{each['id']}/executions"))["executions"]

    assert response.status_code == 200, response.text
    assert finished["state"] == "SUCCESS"
    assert json.loads(env_server.task(each["id"])["result"]) == [{"nap": 0}, {"nap": 0.001}, {"nap": 0},
                                                                 {"nap": 0.002}]
    assert len(children) == len(children_before) + 2


def test_sub_workflow_resume_other_count_is_400(env_server, workflows, canary):
    execution, each = failed_task(env_server, "env_items_parent_wf", canary)
    before = database_snapshot(env_server.db_path, execution["id"])

    response = rerun(env_server, each["id"], False, {"naps": [0]})

    assert response.status_code == 400
    assert "changed from 4 to 1" in response.json()["faultstring"]
    assert database_snapshot(env_server.db_path, execution["id"]) == before


def test_sub_workflow_reset_rerun_new_list(env_server, workflows, canary):
    execution, each = failed_task(env_server, "env_items_parent_wf", canary)

    response = rerun(env_server, each["id"], True, {"naps": [0.001, 0.002]})
    finished = env_server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")

    assert response.status_code == 200, response.text
    assert finished["state"] == "SUCCESS"
    assert json.loads(env_server.task(each["id"])["result"]) == [{"nap": 0.001}, {"nap": 0.002}]
