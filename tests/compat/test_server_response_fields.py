"""Our server's responses carry the fields, encodings and formats a real Mistral 23.0.0 sends.

These are the parts of the responses that python-mistralclient 6.3.0
reads: field names, JSON-typed fields as JSON-encoded strings, timestamps
without zone or fraction, and the error body.
"""

import json
import re

import pytest

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")

DOCUMENT = """
version: '2.0'
fields_wf:
  input:
    - label: fields
  output:
    label: <% $.label %>
  tasks:
    one:
      action: std.echo output=<% $.label %>
      publish:
        echoed: <% task().result %>
"""

EXECUTION_FIELDS = {
    "id", "workflow_id", "workflow_name", "workflow_namespace", "description", "tags", "params",
    "task_execution_id", "root_execution_id", "state", "state_info", "input", "output", "created_at",
    "updated_at", "project_id",
}
WORKFLOW_CREATE_FIELDS = {
    "id", "name", "namespace", "input", "interface", "definition", "checksum", "tags", "scope",
    "project_id", "created_at",
}
ENVIRONMENT_CREATE_FIELDS = {"id", "name", "description", "variables", "scope", "project_id", "created_at"}
ACTION_EXECUTION_ITEM_FIELDS = {
    "id", "name", "workflow_name", "workflow_namespace", "task_execution_id", "state", "state_info",
    "tags", "description", "project_id", "accepted", "input", "created_at", "updated_at",
}


@pytest.fixture(scope="module")
def finished(module_server):
    """A fields_wf execution that ended SUCCESS, as GET returns it, and its one task."""
    module_server.upload_workflow(DOCUMENT)
    created = module_server.start_execution("fields_wf", input={"label": "night"}, env={"token": "old"})
    execution = module_server.wait_for_execution(created["id"], "SUCCESS")
    task = module_server.task_named(created["id"], "one")
    return {"created": created, "execution": execution, "task": task}


def test_workflow_create_fields(module_server):
    document = "---\nversion: '2.0'\nnew_wf:\n  input: [url, {retries: 3}]\n  tasks:\n    one:\n      action: std.noop\n"

    workflows = module_server.upload_workflow(document)

    assert set(workflows[0]) == WORKFLOW_CREATE_FIELDS
    assert json.loads(workflows[0]["interface"]) == {"input": ["url", {"retries": 3}], "output": []}
    assert workflows[0]["project_id"] == "<default-project>"
    assert TIMESTAMP.fullmatch(workflows[0]["created_at"])


def test_workflow_get_has_null_updated_at(module_server):
    module_server.upload_workflow("---\nversion: '2.0'\nfresh_wf:\n  tasks:\n    one:\n      action: std.noop\n")

    workflow = module_server.ok(module_server.get("/workflows/fresh_wf"))

    assert workflow["updated_at"] is None


def test_environment_create_fields(module_server):
    body = {"name": "fields-env", "description": "d", "variables": json.dumps({"a": 1}), "scope": "private"}

    created = module_server.ok(module_server.post("/environments", body), 201)
    shown = module_server.ok(module_server.get("/environments/fields-env"))

    assert set(created) == ENVIRONMENT_CREATE_FIELDS
    assert created["variables"] == '{"a": 1}'
    assert shown["updated_at"] is None


def test_execution_create_fields(finished):
    created = finished["created"]

    assert set(created) == EXECUTION_FIELDS
    assert json.loads(created["params"]) == {"env": {"token": "old"}, "namespace": ""}
    assert json.loads(created["input"]) == {"label": "night"}
    assert created["state"] == "RUNNING"
    assert created["project_id"] == "<default-project>"
    assert TIMESTAMP.fullmatch(created["created_at"])


def test_execution_get_adds_published_global(finished):
    execution = finished["execution"]

    assert set(execution) == EXECUTION_FIELDS | {"published_global"}
    assert json.loads(execution["output"]) == {"label": "night"}
    assert json.loads(execution["published_global"]) == {}
    assert TIMESTAMP.fullmatch(execution["updated_at"])


def test_execution_list_items_omit_heavy_fields(module_server, finished):
    items = module_server.ok(module_server.get("/executions"))["executions"]
    item = next(item for item in items if item["id"] == finished["execution"]["id"])

    assert set(item) == EXECUTION_FIELDS - {"output"}


def test_task_fields(module_server, finished):
    task = finished["task"]
    items = module_server.tasks_of(finished["execution"]["id"])

    assert json.loads(task["result"]) == "night"
    assert json.loads(task["published"]) == {"echoed": "night"}
    assert isinstance(json.loads(task["runtime_context"]), dict)
    assert task["type"] == "ACTION"
    assert TIMESTAMP.fullmatch(task["started_at"])
    assert TIMESTAMP.fullmatch(task["finished_at"])
    assert "result" not in items[0]
    assert items[0]["published"] == task["published"]


def test_action_execution_fields(module_server, finished):
    items = module_server.action_executions_of(finished["task"]["id"])
    single = module_server.ok(module_server.get(f"/action_executions/{items[0]['id']}"))

    assert set(items[0]) >= ACTION_EXECUTION_ITEM_FIELDS
    assert "output" not in items[0]
    assert items[0]["accepted"] is True
    assert json.loads(items[0]["input"]) == {"output": "night"}
    assert json.loads(single["output"]) == {"result": "night"}


def test_partial_update_response_fields(module_server):
    module_server.upload_workflow("---\nversion: '2.0'\nbroken_wf:\n  tasks:\n    one:\n      action: std.fail\n")
    created = module_server.start_execution("broken_wf", env={"token": "old"})
    module_server.wait_for_execution(created["id"], "ERROR")

    updated = module_server.ok(module_server.put(f"/executions/{created['id']}", {"params": {"env": {"token": "new"}}}))
    described = module_server.ok(module_server.put(f"/executions/{created['id']}", {"description": "checked"}))

    assert "input" not in updated
    assert "output" not in updated
    assert json.loads(updated["params"])["env"] == {"token": "new"}
    assert "params" not in described
    assert described["description"] == "checked"


@pytest.mark.parametrize(
    "method, path, body, status",
    [
        ("GET", "/executions/not-a-uuid", None, 404),
        ("PUT", "/tasks/not-a-uuid", {"state": "RUNNING", "reset": True}, 404),
        ("GET", "/executions?limit=0", None, 400),
        ("GET", "/executions?marker=not-a-uuid", None, 400),
    ],
)
def test_error_body_format(module_server, method, path, body, status):
    response = module_server.request(method, path, json=body)

    assert response.status_code == status
    assert set(response.json()) == {"faultcode", "faultstring", "debuginfo"}
    assert response.json()["faultcode"] == "Client"
    assert response.json()["debuginfo"] is None
    assert response.headers["Content-Type"].startswith("application/json")
