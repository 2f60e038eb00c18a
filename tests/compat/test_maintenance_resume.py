"""The maintenance case driven by OpenStack's client: pause, credentials expire, resume with a new env."""

import json


def test_resume_with_env_after_pause(openstack_mistral, server, local_service, workflows_file):
    osc = openstack_mistral
    start_env = {"endpoint": local_service.url, "token": local_service.token, "team": {"name": "ops"}}

    osc.ok("workflow-create", workflows_file)
    created = osc.show("execution-create", "maintenance_wf", json.dumps({"nap": 2}), json.dumps({"env": start_env}))
    paused = osc.show("execution-update", created["ID"], "-s", "PAUSED")
    settled = server.wait_for_execution(created["ID"], "PAUSED")
    tasks_while_paused = [row["Name"] for row in osc.rows("task-list", created["ID"])]

    new_token = local_service.rotate_token()
    update = {"token": new_token, "team": {"pager": "on-call"}}
    resumed = osc.show("execution-update", created["ID"], "-s", "RUNNING", "--env", json.dumps(update))
    finished = server.wait_for_execution(created["ID"], "SUCCESS", "ERROR")

    assert paused["State"] == "PAUSED"
    assert settled["state"] == "PAUSED"
    assert tasks_while_paused == ["prepare"]
    assert resumed["State"] == "RUNNING"
    assert finished["state"] == "SUCCESS"
    assert server.env_of(created["ID"]) == {
        "endpoint": local_service.url,
        "token": new_token,
        "team": {"name": "ops", "pager": "on-call"},
    }
    assert local_service.count("/data", valid=False) == 0
    assert local_service.count("/data", valid=True) == 1


def test_env_alone_on_paused_execution_keeps_it_paused(openstack_mistral, server, local_service, workflows_file):
    osc = openstack_mistral
    start_env = {"endpoint": local_service.url, "token": "old"}

    osc.ok("workflow-create", workflows_file)
    created = osc.show("execution-create", "maintenance_wf", json.dumps({"nap": 2}), json.dumps({"env": start_env}))
    osc.ok("execution-update", created["ID"], "-s", "PAUSED")
    server.wait_for_execution(created["ID"], "PAUSED")

    updated = osc.show("execution-update", created["ID"], "--env", json.dumps({"token": local_service.token}))
    osc.ok("execution-update", created["ID"], "-s", "RUNNING")
    finished = server.wait_for_execution(created["ID"], "SUCCESS", "ERROR")

    assert updated["State"] == "PAUSED"
    assert finished["state"] == "SUCCESS"
    assert server.env_of(created["ID"]) == {"endpoint": local_service.url, "token": local_service.token}
