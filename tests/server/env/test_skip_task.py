"""Skip of a failed task: SKIPPED, and the workflow continues along on-success."""

import json


def test_skip_failed_task_continues_the_workflow(env_server, canary):
    execution = env_server.start_execution("failing_wf", env={"canary": canary})
    env_server.wait_for_execution(execution["id"], "ERROR")
    broken = env_server.task_named(execution["id"], "broken")

    response = env_server.put(f"/tasks/{broken['id']}", {"id": broken["id"], "state": "SKIPPED"})
    finished = env_server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")

    assert response.status_code == 200
    assert response.json()["state"] == "SKIPPED"
    assert "Skipped" in response.json()["state_info"]
    assert finished["state"] == "SUCCESS"
    assert env_server.task_named(execution["id"], "after")["state"] == "SUCCESS"


def test_skip_with_env_merges_it(env_server, canary):
    execution = env_server.start_execution("failing_wf", env={"canary": canary})
    env_server.wait_for_execution(execution["id"], "ERROR")
    broken = env_server.task_named(execution["id"], "broken")

    env_server.put(f"/tasks/{broken['id']}", {"state": "SKIPPED", "env": json.dumps({"note": "skipped"})})

    assert env_server.env_of(execution["id"]) == {"canary": canary, "note": "skipped"}


def test_skip_of_a_successful_task_is_400(env_server, canary):
    execution = env_server.start_execution("quick_wf", env={"canary": canary})
    env_server.wait_for_execution(execution["id"], "SUCCESS")
    one = env_server.task_named(execution["id"], "one")

    response = env_server.put(f"/tasks/{one['id']}", {"state": "SKIPPED"})

    assert response.status_code == 400
    assert "SUCCESS" in response.json()["faultstring"]
