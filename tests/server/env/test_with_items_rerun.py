"""Rerun of a with-items task: only the failed iterations with reset false, every one with reset true."""

import json


def start_hosts(server, service, canary):
    env = {
        "endpoint": service.url,
        "token": service.token,
        "routes": {"a": "data", "b": "missing", "c": "data", "d": "missing"},
        "canary": canary,
    }
    execution = server.start_execution("hosts_wf", env=env)
    server.wait_for_execution(execution["id"], "ERROR")
    return execution, server.task_named(execution["id"], "each")


def rerun(server, task_id, reset, env):
    return server.put(f"/tasks/{task_id}", {"id": task_id, "state": "RUNNING", "reset": reset, "env": json.dumps(env)})


def test_with_items_failure_names_failed_iterations(env_server, service, canary):
    _, each = start_hosts(env_server, service, canary)

    assert each["state"] == "ERROR"
    assert "2 of 4 iterations failed" in each["state_info"]


def test_rerun_without_reset_runs_only_failed_iterations(env_server, service, canary):
    execution, each = start_hosts(env_server, service, canary)
    attempts_before = env_server.action_executions_of(each["id"])

    response = rerun(env_server, each["id"], False, {"routes": {"b": "data", "d": "data"}})
    finished = env_server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")
    attempts = env_server.action_executions_of(each["id"])
    succeeded_before = {item["id"] for item in attempts_before if item["state"] == "SUCCESS"}

    assert response.status_code == 200
    assert response.json()["state"] == "RUNNING"
    assert finished["state"] == "SUCCESS"
    assert len(attempts) == 6
    assert {item["id"] for item in attempts if item["accepted"] and item["state"] == "SUCCESS"} >= succeeded_before
    assert [item["accepted"] for item in attempts if item["state"] == "ERROR"] == [False, False]
    assert len(json.loads(env_server.task(each["id"])["result"])) == 4
    assert env_server.task_named(execution["id"], "after")["state"] == "SUCCESS"


def test_rerun_with_reset_runs_every_iteration(env_server, service, canary):
    execution, each = start_hosts(env_server, service, canary)

    rerun(env_server, each["id"], True, {"routes": {"b": "data", "d": "data"}})
    env_server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")
    attempts = env_server.action_executions_of(each["id"])

    assert len(attempts) == 8
    assert sum(1 for item in attempts if item["accepted"]) == 4


def test_partial_rerun_failing_again(env_server, service, canary):
    execution, each = start_hosts(env_server, service, canary)

    rerun(env_server, each["id"], False, {"routes": {"b": "data"}})
    env_server.wait_for_execution(execution["id"], "ERROR")

    assert "1 of 4 iterations failed (indexes 3)" in env_server.task(each["id"])["state_info"]
