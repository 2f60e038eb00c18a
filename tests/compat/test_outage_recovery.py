"""The outage case driven by OpenStack's client: a task fails on a stale endpoint or token, and a rerun with a new env recovers it."""

import json
import re

import pytest

from support.servers import free_port


def start_outage(osc, server, workflows_file, env):
    """Upload the workflows, start outage_wf with ``env`` in PARAMS, and wait until it fails."""
    osc.ok("workflow-create", workflows_file)
    created = osc.show(
        "execution-create", "outage_wf", json.dumps({"label": "night"}), json.dumps({"env": env})
    )
    server.wait_for_execution(created["ID"], "ERROR")
    return created


def tasks_by_name(osc, execution_id):
    return {row["Name"]: row for row in osc.rows("task-list", execution_id)}


def moved_endpoint(service):
    """Move the service; return the env that still names its old address, and the fix."""
    old_endpoint = service.url
    service.move()
    return {"endpoint": old_endpoint, "token": service.token}, {"endpoint": service.url}


def expired_token(service):
    """Rotate the service's token; return the env with the old token, and the fix."""
    old_token = service.token
    new_token = service.rotate_token()
    return {"endpoint": service.url, "token": old_token}, {"token": new_token}


def refused_endpoint(service):
    """Return an env whose endpoint refuses connections and whose token is wrong, and the fix."""
    stale = {"endpoint": f"http://127.0.0.1:{free_port()}", "token": "stale-token", "region": "eu"}
    return stale, {"endpoint": service.url, "token": service.token}


@pytest.mark.parametrize("make_stale", [moved_endpoint, expired_token, refused_endpoint])
def test_rerun_with_env_recovers_outage(
    openstack_mistral, server, local_service, workflows_file, tmp_path, make_stale
):
    osc = openstack_mistral
    stale_env, new_env = make_stale(local_service)
    env_file = tmp_path / "new-env.yaml"
    env_file.write_text("".join(f"{key}: {value}\n" for key, value in new_env.items()))

    created = start_outage(osc, server, workflows_file, stale_env)
    before = tasks_by_name(osc, created["ID"])
    rerun = osc.show("task-rerun", before["fetch"]["ID"], "--env", env_file)
    finished = server.wait_for_execution(created["ID"], "SUCCESS", "ERROR")
    after = osc.rows("task-list", created["ID"])
    prepare_attempts = server.action_executions_of(before["prepare"]["ID"])

    assert created["State"] == "RUNNING"
    assert before["prepare"]["State"] == "SUCCESS"
    assert before["fetch"]["State"] == "ERROR"
    assert rerun["ID"] == before["fetch"]["ID"]
    assert rerun["State"] in ("RUNNING", "WAITING")
    assert finished["state"] == "SUCCESS"
    assert [(row["Name"], row["State"]) for row in after] == [
        ("prepare", "SUCCESS"), ("fetch", "SUCCESS"), ("report", "SUCCESS"),
    ]
    assert server.env_of(created["ID"]) == {**stale_env, **new_env}
    assert len(prepare_attempts) == 1
    assert local_service.count("/data", valid=True) == 1


def test_show_commands_after_recovery_as_json(openstack_mistral, our_mistral, server, local_service, workflows_file):
    osc = openstack_mistral
    stale_env = {"endpoint": f"http://127.0.0.1:{free_port()}", "token": local_service.token}
    created = start_outage(osc, server, workflows_file, stale_env)
    fetch_id = tasks_by_name(osc, created["ID"])["fetch"]["ID"]

    osc.ok("task-rerun", fetch_id, "--env", json.dumps({"endpoint": local_service.url}))
    server.wait_for_execution(created["ID"], "SUCCESS", "ERROR")
    execution = osc.show("execution-get", created["ID"])
    task = osc.show("task-get", fetch_id)
    env = json.loads(our_mistral.ok("execution-get-env", created["ID"]))

    assert execution == {
        "ID": created["ID"],
        "Workflow ID": created["Workflow ID"],
        "Workflow name": "outage_wf",
        "Workflow namespace": "",
        "Description": "",
        "Task Execution ID": "<none>",
        "Root Execution ID": "<none>",
        "State": "SUCCESS",
        "State info": None,
        "Created at": created["Created at"],
        "Updated at": execution["Updated at"],
        "Duration": execution["Duration"],
    }
    assert execution["Updated at"] >= created["Created at"]
    assert re.fullmatch(r"\d+:\d\d:\d\d", execution["Duration"])
    assert task["Name"] == "fetch"
    assert task["Workflow name"] == "outage_wf"
    assert task["Workflow namespace"] == ""
    assert task["Workflow Execution ID"] == created["ID"]
    assert task["State"] == "SUCCESS"
    assert task["State info"] is None
    assert task["Finished at"] >= task["Started at"]
    assert env == {**stale_env, "endpoint": local_service.url}
