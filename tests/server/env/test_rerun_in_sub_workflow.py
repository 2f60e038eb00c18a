"""Rerun with env of a task inside a sub-workflow: the root's env changes and the parents carry on."""

import json


def failed_parent(server, stale_env):
    execution = server.start_execution("parent_wf", env=stale_env)
    server.wait_for_execution(execution["id"], "ERROR")
    call = server.task_named(execution["id"], "call")
    child = server.ok(server.get(f"/tasks/{call['id']}/executions"))["executions"][0]
    fetch = server.task_named(child["id"], "fetch")
    return execution, call, child, fetch


def test_failure_in_sub_workflow_fails_the_parents(env_server, stale_env):
    execution, call, child, fetch = failed_parent(env_server, stale_env)

    assert fetch["state"] == "ERROR"
    assert child["state"] == "ERROR"
    assert call["state"] == "ERROR"
    assert env_server.execution(execution["id"])["state"] == "ERROR"


def test_rerun_in_sub_workflow_finishes(env_server, stale_env, good_env):
    execution, call, child, fetch = failed_parent(env_server, stale_env)

    response = env_server.put(f"/tasks/{fetch['id']}", {"state": "RUNNING", "reset": True,
                                                         "env": json.dumps(good_env)})
    reopened_call = env_server.task(call["id"])
    reopened_root = env_server.execution(execution["id"])
    finished = env_server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")

    assert response.status_code == 200
    assert reopened_call["state"] in ("RUNNING", "SUCCESS")
    assert reopened_root["state"] in ("RUNNING", "SUCCESS")
    assert finished["state"] == "SUCCESS"
    assert env_server.execution(child["id"])["state"] == "SUCCESS"
    assert json.loads(env_server.execution(child["id"])["params"])["env"] == {}
    assert env_server.env_of(execution["id"]) == {**stale_env, **good_env}
    assert env_server.task_named(execution["id"], "done")["state"] == "SUCCESS"
    assert json.loads(env_server.task(call["id"])["result"]) == {"items": ["alpha", "beta"]}


def test_env_update_of_sub_execution_changes_the_root(env_server, stale_env, good_env):
    execution, call, child, fetch = failed_parent(env_server, stale_env)

    response = env_server.put(f"/executions/{child['id']}", {"params": {"env": {"token": good_env["token"]}}})

    assert response.status_code == 200
    assert env_server.env_of(execution["id"])["token"] == good_env["token"]
    assert json.loads(env_server.execution(child["id"])["params"])["env"] == {}


def test_rerun_of_parent_task(env_server, stale_env, good_env):
    execution, call, child, fetch = failed_parent(env_server, stale_env)

    response = env_server.put(f"/tasks/{call['id']}", {"state": "RUNNING", "reset": True,
                                                        "env": json.dumps(good_env)})
    finished = env_server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")
    children = env_server.ok(env_server.get(f"/tasks/{call['id']}/executions"))["executions"]

    assert response.status_code == 200
    assert finished["state"] == "SUCCESS"
    assert [item["id"] for item in children] == [child["id"]]
    assert len(env_server.action_executions_of(fetch["id"])) == 2
