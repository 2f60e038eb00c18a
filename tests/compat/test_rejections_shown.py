"""Requests our server rejects: OpenStack's client prints the server's message and exits 1.

Each case runs one OpenStack client command, then sends the same request
straight to the server. The client's stderr must carry the server's
faultstring as ``ERROR (app) <faultstring>``, as it does against a real
Mistral.
"""

import json
import uuid
from typing import NamedTuple

import pytest

UNKNOWN_ID = str(uuid.uuid4())

# Placeholders for the ids of finished_execution, filled in by fill().
EXECUTION = "<execution>"
PREPARE = "<prepare>"


class Rejection(NamedTuple):
    arguments: tuple
    method: str
    path: str
    body: object
    status: int


REJECTIONS = {
    "rerun of a SUCCESS task": Rejection(
        ("task-rerun", PREPARE),
        "PUT", "/tasks/" + PREPARE, {"id": PREPARE, "state": "RUNNING", "reset": True}, 400,
    ),
    "rerun with env of a SUCCESS task": Rejection(
        ("task-rerun", PREPARE, "--env", '{"token": "new"}'),
        "PUT", "/tasks/" + PREPARE,
        {"id": PREPARE, "state": "RUNNING", "reset": True, "env": '{"token": "new"}'}, 400,
    ),
    "env with state PAUSED": Rejection(
        ("execution-update", EXECUTION, "-s", "PAUSED", "--env", '{"token": "new"}'),
        "PUT", "/executions/" + EXECUTION, {"state": "PAUSED", "params": {"env": {"token": "new"}}}, 400,
    ),
    "env alone on a SUCCESS execution": Rejection(
        ("execution-update", EXECUTION, "--env", '{"token": "new"}'),
        "PUT", "/executions/" + EXECUTION, {"params": {"env": {"token": "new"}}}, 403,
    ),
    "env that is a scalar": Rejection(
        ("execution-update", EXECUTION, "--env", "token=new"),
        "PUT", "/executions/" + EXECUTION, {"params": {"env": "token=new"}}, 400,
    ),
    "description with state": Rejection(
        ("execution-update", EXECUTION, "-s", "RUNNING", "-d", "checked"),
        "PUT", "/executions/" + EXECUTION, {"state": "RUNNING", "description": "checked"}, 400,
    ),
    "nothing to update": Rejection(
        ("execution-update", EXECUTION), "PUT", "/executions/" + EXECUTION, {}, 400,
    ),
    "unknown execution": Rejection(
        ("execution-get", UNKNOWN_ID), "GET", f"/executions/{UNKNOWN_ID}", None, 404,
    ),
    "unknown task": Rejection(("task-get", UNKNOWN_ID), "GET", f"/tasks/{UNKNOWN_ID}", None, 404),
    "unknown environment": Rejection(
        ("environment-get", "no-such-env"), "GET", "/environments/no-such-env", None, 404,
    ),
    "execution of an unknown workflow": Rejection(
        ("execution-create", "no_such_wf"),
        "POST", "/executions", {"description": "", "workflow_name": "no_such_wf"}, 404,
    ),
}


def fill(template, ids):
    """Return ``template`` with the id placeholders replaced, recursing into dicts and tuples."""
    if isinstance(template, str):
        return template.replace(EXECUTION, ids["execution"]).replace(PREPARE, ids["prepare"])
    if isinstance(template, dict):
        return {key: fill(value, ids) for key, value in template.items()}
    if isinstance(template, tuple):
        return tuple(fill(item, ids) for item in template)
    return template


@pytest.fixture(scope="module")
def finished_execution(module_openstack_mistral, module_server, module_service, workflows_file):
    """Ids of an outage_wf execution that ended SUCCESS: ``execution`` and its task ``prepare``."""
    osc = module_openstack_mistral
    env = {"endpoint": module_service.url, "token": module_service.token}

    osc.ok("workflow-create", workflows_file)
    created = osc.show("execution-create", "outage_wf", "{}", json.dumps({"env": env}))
    module_server.wait_for_execution(created["ID"], "SUCCESS")
    tasks = {row["Name"]: row["ID"] for row in osc.rows("task-list", created["ID"])}

    return {"execution": created["ID"], "prepare": tasks["prepare"]}


@pytest.mark.parametrize("case", list(REJECTIONS), ids=list(REJECTIONS))
def test_rejection_prints_server_message(module_openstack_mistral, module_server, finished_execution, case):
    rejection = REJECTIONS[case]
    arguments = fill(rejection.arguments, finished_execution)
    body = fill(rejection.body, finished_execution)

    finished = module_openstack_mistral.fail(*arguments)
    response = module_server.request(rejection.method, fill(rejection.path, finished_execution), json=body)

    assert response.status_code == rejection.status
    assert response.json()["faultcode"] == "Client"
    assert finished.returncode == 1
    assert f"ERROR (app) {response.json()['faultstring']}" in finished.stderr.splitlines()


def test_rejections_leave_execution_unchanged(module_server, finished_execution):
    execution = module_server.execution(finished_execution["execution"])
    prepare = module_server.task(finished_execution["prepare"])

    assert execution["state"] == "SUCCESS"
    assert json.loads(execution["params"])["env"].keys() == {"endpoint", "token"}
    assert execution["description"] == ""
    assert prepare["state"] == "SUCCESS"
