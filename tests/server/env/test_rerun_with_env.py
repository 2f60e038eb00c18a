"""Rerun of a failed task with a new env: the outage case, and every rule of PUT /v2/tasks/{id}."""

import json
import uuid

import pytest

from support.servers import database_rows, database_snapshot, set_execution_state


SECRETS = []


@pytest.fixture(autouse=True)
def secrets(canary, canary_token):
    SECRETS[:] = [canary, canary_token]


def rerun(server, task_id, env=None, **body):
    body.setdefault("state", "RUNNING")
    body.setdefault("reset", True)
    body["id"] = task_id
    if env is not None:
        body["env"] = json.dumps(env)
    return server.put(f"/tasks/{task_id}", body)


def fail_outage(server, stale_env):
    execution = server.start_execution("outage_wf", env=stale_env)
    server.wait_for_execution(execution["id"], "ERROR")
    return execution, server.task_named(execution["id"], "fetch")


def test_outage_rerun_with_new_endpoint_and_token_succeeds(env_server, stale_env, good_env, service):
    server = env_server
    execution, fetch = fail_outage(server, stale_env)
    prepare_before = database_rows(server.db_path, "task_executions", workflow_execution_id=execution["id"])

    response = rerun(server, fetch["id"], env=good_env)
    finished = server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")
    prepare_after = [row for row in database_rows(server.db_path, "task_executions", workflow_execution_id=execution["id"])
                     if row["name"] == "prepare"]

    assert response.status_code == 200
    assert response.json()["id"] == fetch["id"]
    assert response.json()["state"] == "RUNNING"
    assert finished["state"] == "SUCCESS"
    assert json.loads(finished["output"]) == {"report": ["alpha", "beta"]}
    assert prepare_after == [row for row in prepare_before if row["name"] == "prepare"]
    assert server.env_of(execution["id"]) == {**stale_env, **good_env}


def test_outage_rerun_keeps_the_failed_attempt(env_server, stale_env, good_env):
    server = env_server
    execution, fetch = fail_outage(server, stale_env)

    rerun(server, fetch["id"], env=good_env)
    server.wait_for_execution(execution["id"], "SUCCESS")
    attempts = server.action_executions_of(fetch["id"])

    assert [(attempt["state"], attempt["accepted"]) for attempt in attempts] == [("ERROR", False), ("SUCCESS", True)]
    assert server.task(fetch["id"])["state"] == "SUCCESS"


def test_outage_rerun_records_env_revisions(env_server, stale_env, good_env):
    server = env_server
    execution, fetch = fail_outage(server, stale_env)

    rerun(server, fetch["id"], env=good_env)
    server.wait_for_execution(execution["id"], "SUCCESS")
    revisions = database_rows(server.db_path, "env_revisions", execution_id=execution["id"])
    tasks = {row["name"]: row for row in database_rows(server.db_path, "task_executions",
                                                       workflow_execution_id=execution["id"])}

    assert sorted((row["revision"], row["cause"]) for row in revisions) == [(1, "start"), (2, "rerun")]
    rerun_revision = next(row for row in revisions if row["cause"] == "rerun")
    assert json.loads(rerun_revision["changed_keys"]) == ["endpoint", "token"]
    assert good_env["token"] not in json.dumps(revisions)
    assert tasks["prepare"]["env_revision"] == 1
    assert tasks["fetch"]["env_revision"] == 2
    assert tasks["report"]["env_revision"] == 2


def test_rerun_accepts_env_as_plain_object(env_server, stale_env, good_env):
    server = env_server
    execution, fetch = fail_outage(server, stale_env)

    response = server.put(f"/tasks/{fetch['id']}", {"state": "RUNNING", "reset": True, "env": good_env})

    assert response.status_code == 200
    assert server.wait_for_execution(execution["id"], "SUCCESS")["state"] == "SUCCESS"


def test_rerun_without_env_keeps_env(env_server, stale_env):
    server = env_server
    execution, fetch = fail_outage(server, stale_env)

    response = rerun(server, fetch["id"])
    server.wait_for_execution(execution["id"], "ERROR")

    assert response.status_code == 200
    assert server.env_of(execution["id"]) == stale_env
    assert len(server.action_executions_of(fetch["id"])) == 2


def test_rerun_while_paused_waits(env_server, stale_env, good_env):
    server = env_server
    execution = server.start_execution("paused_fail_wf", env=stale_env)
    server.ok(server.put(f"/executions/{execution['id']}", {"state": "PAUSED"}))
    fetch = server.wait_for_task(execution["id"], "fetch", "ERROR")
    server.wait_for_task(execution["id"], "slow", "SUCCESS")

    response = rerun(server, fetch["id"], env=good_env)
    waiting = server.task(fetch["id"])
    server.ok(server.put(f"/executions/{execution['id']}", {"state": "RUNNING"}))
    finished = server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")

    assert response.status_code == 200
    assert response.json()["state"] == "WAITING"
    assert waiting["state"] == "WAITING"
    assert finished["state"] == "SUCCESS"


def test_rerun_in_an_idle_execution(env_server, stale_env, good_env):
    server = env_server
    execution, fetch = fail_outage(server, stale_env)
    set_execution_state(server.db_path, execution["id"], "IDLE")

    response = rerun(server, fetch["id"], env=good_env)

    assert response.status_code == 200
    assert server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")["state"] == "SUCCESS"


# -- rejections: status, message kind, and nothing changed -------------------


def assert_rejected(server, root_id, send, status, *words):
    before = database_snapshot(server.db_path, root_id)

    response = send()

    assert response.status_code == status, response.text
    body = response.json()
    assert body["faultcode"] == "Client"
    assert body["debuginfo"] is None
    for word in words:
        assert word in body["faultstring"]
    for secret in SECRETS:
        assert secret not in body["faultstring"]
    assert database_snapshot(server.db_path, root_id) == before
    return body


@pytest.fixture
def failed_outage(env_server, stale_env):
    return fail_outage(env_server, stale_env)


def test_rerun_of_unknown_task_is_404(env_server):
    unknown = str(uuid.uuid4())

    response = rerun(env_server, unknown)

    assert response.status_code == 404
    assert unknown in response.json()["faultstring"]


def test_rerun_with_other_task_name_is_400(env_server, failed_outage, good_env):
    execution, fetch = failed_outage

    assert_rejected(env_server, execution["id"], lambda: rerun(env_server, fetch["id"], env=good_env, name="other"),
                    400, "name")


@pytest.mark.parametrize("env_text, words", [
    ("{not json", ("not valid JSON",)),
    ("[1, 2]", ("JSON array",)),
    ('"token=new"', ("JSON string",)),
    ("7", ("JSON number",)),
    ("[]", ("JSON array",)),
    ('""', ("JSON string",)),
    ('{"limit": NaN}', ("not valid JSON", "NaN")),
])
def test_rerun_with_env_not_a_mapping_is_400(env_server, failed_outage, env_text, words):
    execution, fetch = failed_outage
    body = {"id": fetch["id"], "state": "RUNNING", "reset": True, "env": env_text}

    response_body = assert_rejected(env_server, execution["id"], lambda: env_server.put(f"/tasks/{fetch['id']}", body),
                                    400, *words)

    assert "token=new" not in response_body["faultstring"]


@pytest.mark.parametrize("state", ["PAUSED", "SUCCESS", "ERROR", "bogus"])
def test_rerun_to_other_state_is_400(env_server, failed_outage, state):
    execution, fetch = failed_outage

    assert_rejected(env_server, execution["id"], lambda: rerun(env_server, fetch["id"], state=state),
                    400, "RUNNING", "SKIPPED")


def test_rerun_of_successful_task_is_400(env_server, failed_outage, good_env):
    execution, _ = failed_outage
    prepare = env_server.task_named(execution["id"], "prepare")

    assert_rejected(env_server, execution["id"], lambda: rerun(env_server, prepare["id"], env=good_env),
                    400, "SUCCESS", "ERROR")


def test_rerun_without_reset_is_400(env_server, failed_outage):
    execution, fetch = failed_outage
    body = {"id": fetch["id"], "state": "RUNNING"}

    assert_rejected(env_server, execution["id"], lambda: env_server.put(f"/tasks/{fetch['id']}", body), 400, "reset")


def test_reset_false_on_plain_task_is_400(env_server, failed_outage):
    execution, fetch = failed_outage

    assert_rejected(env_server, execution["id"], lambda: rerun(env_server, fetch["id"], reset=False),
                    400, "with-items")


def test_rerun_with_env_while_execution_running_is_403(env_server, good_env):
    execution = env_server.start_execution("branch_wf", env={"canary": SECRETS[0]})
    broken = env_server.wait_for_task(execution["id"], "broken", "ERROR")

    body = assert_rejected(env_server, execution["id"], lambda: rerun(env_server, broken["id"], env=good_env),
                           403, "RUNNING", "IDLE, PAUSED or ERROR")

    assert body["faultcode"] == "Client"
    env_server.put(f"/executions/{execution['id']}", {"state": "CANCELLED"})


def test_rerun_with_env_after_success_is_403(env_server, good_env):
    execution = env_server.start_execution("handled_wf", env={"canary": SECRETS[0]})
    env_server.wait_for_execution(execution["id"], "SUCCESS")
    broken = env_server.task_named(execution["id"], "broken")

    assert_rejected(env_server, execution["id"], lambda: rerun(env_server, broken["id"], env=good_env),
                    403, "SUCCESS")


def test_rerun_with_env_after_cancel_is_403(env_server, good_env):
    execution = env_server.start_execution("branch_wf", env={"canary": SECRETS[0]})
    broken = env_server.wait_for_task(execution["id"], "broken", "ERROR")
    env_server.ok(env_server.put(f"/executions/{execution['id']}", {"state": "CANCELLED"}))

    assert_rejected(env_server, execution["id"], lambda: rerun(env_server, broken["id"], env=good_env),
                    403, "CANCELLED")


def test_second_rerun_of_the_same_task_is_400(env_server, failed_outage, good_env):
    execution, fetch = failed_outage
    rerun(env_server, fetch["id"], env=good_env)

    response = rerun(env_server, fetch["id"], env=good_env)

    assert response.status_code == 400
    assert "must be in ERROR" in response.json()["faultstring"]
