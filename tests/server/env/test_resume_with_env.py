"""Env update of an execution (PUT /v2/executions/{id}): the maintenance case and every rule."""

import json
import uuid

import pytest

from support.servers import database_rows, database_snapshot, set_execution_state

SECRETS = []


@pytest.fixture(autouse=True)
def secrets(canary, canary_token):
    SECRETS[:] = [canary, canary_token]


def update(server, execution_id, body):
    return server.put(f"/executions/{execution_id}", body)


def test_maintenance_with_pause_before_resumes_with_new_token(env_server, service, canary):
    server = env_server
    execution = server.start_execution("maintenance_wf", env={"endpoint": service.url, "token": "old", "canary": canary})
    server.wait_for_execution(execution["id"], "PAUSED")
    fetch_waiting = server.task_named(execution["id"], "fetch")
    valid_before = service.count("/data", valid=True)

    response = update(server, execution["id"], {"state": "RUNNING", "params": {"env": {"token": service.token}}})
    finished = server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")

    assert fetch_waiting["state"] == "IDLE"
    assert response.status_code == 200
    assert response.json()["state"] == "RUNNING"
    assert finished["state"] == "SUCCESS"
    assert json.loads(server.task_named(execution["id"], "report")["result"]) == ["alpha", "beta"]
    assert service.count("/data", valid=True) == valid_before + 1
    assert server.env_of(execution["id"])["token"] == service.token


def test_maintenance_with_put_paused_resumes_with_new_token(env_server, service, canary):
    server = env_server
    execution = server.start_execution("maintenance_plain_wf",
                                       env={"endpoint": service.url, "token": "old", "canary": canary})

    paused = update(server, execution["id"], {"state": "PAUSED"})
    server.wait_for_task(execution["id"], "prepare", "SUCCESS")
    names_while_paused = [task["name"] for task in server.tasks_of(execution["id"])]
    resumed = update(server, execution["id"], {"state": "RUNNING", "params": {"env": {"token": service.token}}})
    finished = server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")

    assert paused.json()["state"] == "PAUSED"
    assert names_while_paused == ["prepare"]
    assert resumed.json()["state"] == "RUNNING"
    assert finished["state"] == "SUCCESS"


def test_resume_accepts_params_as_json_text(env_server, service, canary):
    server = env_server
    execution = server.start_execution("maintenance_wf", env={"endpoint": service.url, "token": "old", "canary": canary})
    server.wait_for_execution(execution["id"], "PAUSED")

    body = {"state": "RUNNING", "params": json.dumps({"env": {"token": service.token}})}
    response = update(server, execution["id"], body)

    assert response.status_code == 200
    assert server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")["state"] == "SUCCESS"


def test_resume_records_a_resume_revision(env_server, service, canary):
    server = env_server
    execution = server.start_execution("maintenance_wf", env={"endpoint": service.url, "token": "old", "canary": canary})
    server.wait_for_execution(execution["id"], "PAUSED")

    update(server, execution["id"], {"state": "RUNNING", "params": {"env": {"token": service.token}}})
    server.wait_for_execution(execution["id"], "SUCCESS")
    revisions = database_rows(server.db_path, "env_revisions", execution_id=execution["id"])
    fetch = [row for row in database_rows(server.db_path, "task_executions", workflow_execution_id=execution["id"])
             if row["name"] == "fetch"][0]

    assert sorted(row["cause"] for row in revisions) == ["resume", "start"]
    assert fetch["env_revision"] == 2


# -- env alone: allowed in IDLE, PAUSED and ERROR, state unchanged -------------


def paused_execution(server, canary):
    execution = server.start_execution("maintenance_wf", env={"endpoint": "http://127.0.0.1:9", "token": "old",
                                                                "canary": canary})
    server.wait_for_execution(execution["id"], "PAUSED")
    return execution


def error_execution(server, canary):
    execution = server.start_execution("failing_wf", env={"canary": canary})
    server.wait_for_execution(execution["id"], "ERROR")
    return execution


def idle_execution(server, canary):
    execution = paused_execution(server, canary)
    set_execution_state(server.db_path, execution["id"], "IDLE")
    return execution


@pytest.mark.parametrize("make, state", [
    (paused_execution, "PAUSED"),
    (error_execution, "ERROR"),
    (idle_execution, "IDLE"),
])
def test_env_alone_is_merged_and_state_kept(env_server, canary, make, state):
    execution = make(env_server, canary)

    response = update(env_server, execution["id"], {"params": {"env": {"token": "rotated"}}})

    assert response.status_code == 200
    assert response.json()["state"] == state
    assert "input" not in response.json()
    assert "output" not in response.json()
    assert json.loads(response.json()["params"])["env"]["token"] == "rotated"
    assert env_server.execution(execution["id"])["state"] == state
    assert env_server.env_of(execution["id"])["canary"] == canary


def test_env_alone_with_description_on_paused(env_server, canary):
    execution = paused_execution(env_server, canary)

    response = update(env_server, execution["id"], {"description": "rotated", "params": {"env": {"token": "r"}}})

    assert response.status_code == 200
    assert response.json()["description"] == "rotated"


def test_resume_from_idle_with_env(env_server, service, canary):
    execution = idle_execution(env_server, canary)

    response = update(env_server, execution["id"], {"state": "RUNNING",
                                                   "params": {"env": {"endpoint": service.url, "token": service.token}}})

    assert response.status_code == 200
    assert env_server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")["state"] == "SUCCESS"


# -- rejections: status, message kind, and nothing changed ----------------------


def running_execution(server, canary):
    execution = server.start_execution("sleeper_wf", env={"canary": canary})
    server.wait_for_task(execution["id"], "nap", "RUNNING")
    return execution


def success_execution(server, canary):
    execution = server.start_execution("quick_wf", env={"canary": canary})
    server.wait_for_execution(execution["id"], "SUCCESS")
    return execution


def cancelled_execution(server, canary):
    execution = running_execution(server, canary)
    server.ok(update(server, execution["id"], {"state": "CANCELLED"}))
    return execution


def assert_rejected(server, execution_id, body, status, *words):
    before = database_snapshot(server.db_path, execution_id)

    response = update(server, execution_id, body) if not isinstance(body, str) else server.request(
        "PUT", f"/executions/{execution_id}", data=body, headers={"Content-Type": "application/json"})

    assert response.status_code == status, response.text
    assert response.json()["faultcode"] == "Client"
    for word in words:
        assert word in response.json()["faultstring"]
    for secret in SECRETS:
        assert secret not in response.json()["faultstring"]
    assert database_snapshot(server.db_path, execution_id) == before


def stop(server, execution):
    update(server, execution["id"], {"state": "CANCELLED"})


def test_update_of_unknown_execution_is_404(env_server):
    unknown = str(uuid.uuid4())

    response = update(env_server, unknown, {"params": {"env": {"a": 1}}})

    assert response.status_code == 404
    assert unknown in response.json()["faultstring"]


@pytest.mark.parametrize("body, words", [
    ({}, ("state, description or",)),
    ({"params": {"env": {}}}, ("state, description or",)),
    ({"params": {}}, ("state, description or",)),
    ({"state": "RUNNING", "description": "both"}, ("description",)),
    ({"state": "PAUSED", "params": {"env": {"token": "x"}}}, ("PAUSED", "resume")),
    ({"state": "CANCELLED", "params": {"env": {"token": "x"}}}, ("CANCELLED",)),
    ({"params": {"env": [1, 2]}}, ("JSON array",)),
    ({"params": {"env": 42}}, ("JSON number",)),
    ({"params": {"env": "token=new"}}, ("JSON string",)),
    ({"params": {"env": []}}, ("JSON array",)),
    ({"params": {"env": ""}}, ("JSON string",)),
    ({"state": "RUNNING", "params": {"env": []}}, ("JSON array",)),
    ({"state": "RUNNING", "params": {"env": ""}}, ("JSON string",)),
    ({"params": [1]}, ("params",)),
    ("{not json", ("not valid JSON",)),
])
def test_invalid_update_is_400(env_server, canary, body, words):
    execution = paused_execution(env_server, canary)

    assert_rejected(env_server, execution["id"], body, 400, *words)


@pytest.mark.parametrize("make, state", [
    (running_execution, "RUNNING"),
    (success_execution, "SUCCESS"),
    (cancelled_execution, "CANCELLED"),
])
def test_env_alone_forbidden_states(env_server, canary, make, state):
    execution = make(env_server, canary)

    assert_rejected(env_server, execution["id"], {"params": {"env": {"token": "x"}}}, 403, state,
                    "IDLE, PAUSED or ERROR")
    stop(env_server, execution)


@pytest.mark.parametrize("make, state", [
    (running_execution, "RUNNING"),
    (success_execution, "SUCCESS"),
    (cancelled_execution, "CANCELLED"),
])
def test_resume_with_env_is_403_when_not_paused(env_server, canary, make, state):
    execution = make(env_server, canary)

    assert_rejected(env_server, execution["id"], {"state": "RUNNING", "params": {"env": {"token": "x"}}}, 403, state)
    stop(env_server, execution)


def test_resume_with_env_of_error_execution_is_400(env_server, canary):
    execution = error_execution(env_server, canary)

    assert_rejected(env_server, execution["id"], {"state": "RUNNING", "params": {"env": {"token": "x"}}}, 400,
                    "ERROR", "rerun")


def test_description_with_env_on_running(env_server, canary):
    execution = running_execution(env_server, canary)

    assert_rejected(env_server, execution["id"], {"description": "changed", "params": {"env": {"token": "x"}}}, 403,
                    "RUNNING")
    assert env_server.execution(execution["id"])["description"] == ""
    stop(env_server, execution)
