"""/v2/tasks and /v2/action_executions: read tasks and the actions they ran."""

import json
import uuid

import pytest

DOCUMENT = """
version: '2.0'
tasks_wf:
  tasks:
    first:
      action: std.echo output=one
      publish:
        first_result: <% task().result %>
      on-success: [second]
    second:
      action: std.echo output=two
"""

TASK_FIELDS = {
    "id", "name", "type", "workflow_name", "workflow_namespace", "workflow_id", "workflow_execution_id",
    "tags", "state", "state_info", "project_id", "runtime_context", "result", "published", "processed",
    "created_at", "updated_at", "started_at", "finished_at",
}


@pytest.fixture(scope="module")
def finished(api):
    api.upload_workflow(DOCUMENT)
    execution = api.start_execution("tasks_wf")
    return api.wait_for_execution(execution["id"], "SUCCESS")


def test_get_task_fields_and_encoding(api, finished):
    task = api.task_named(finished["id"], "first")

    assert set(task) == TASK_FIELDS
    assert json.loads(task["result"]) == "one"
    assert json.loads(task["published"]) == {"first_result": "one"}
    assert isinstance(json.loads(task["runtime_context"]), dict)
    assert task["workflow_execution_id"] == finished["id"]
    assert task["started_at"] is not None
    assert task["finished_at"] is not None


def test_list_tasks_of_execution_has_no_result(api, finished):
    tasks = api.tasks_of(finished["id"])

    assert [task["name"] for task in tasks] == ["first", "second"]
    assert all("result" not in task for task in tasks)


def test_list_all_tasks_filtered_by_execution(api, finished):
    tasks = api.ok(api.get(f"/tasks?workflow_execution_id={finished['id']}"))["tasks"]

    assert len(tasks) == 2


def test_execution_tasks_next_link_points_at_flat_collection(api, finished):
    page = api.ok(api.get(f"/executions/{finished['id']}/tasks?limit=1"))

    assert page["next"].startswith(api.url + "/tasks?")
    assert f"workflow_execution_id=eq:{finished['id']}" in page["next"]


def test_tasks_of_unknown_execution_is_404(api):
    assert api.get(f"/executions/{uuid.uuid4()}/tasks").status_code == 404


def test_get_unknown_task_is_404(api):
    unknown = str(uuid.uuid4())

    response = api.get(f"/tasks/{unknown}")

    assert response.status_code == 404
    assert unknown in response.json()["faultstring"]


def test_action_executions_of_task(api, finished):
    task = api.task_named(finished["id"], "first")

    items = api.action_executions_of(task["id"])

    assert len(items) == 1
    item = items[0]
    assert item["name"] == "std.echo"
    assert item["accepted"] is True
    assert item["task_execution_id"] == task["id"]
    assert json.loads(item["input"]) == {"output": "one"}
    assert "output" not in item


def test_get_action_execution_has_output(api, finished):
    task = api.task_named(finished["id"], "first")
    item = api.action_executions_of(task["id"])[0]

    single = api.ok(api.get(f"/action_executions/{item['id']}"))

    assert json.loads(single["output"]) == {"result": "one"}


def test_list_all_action_executions(api, finished):
    items = api.ok(api.get("/action_executions"))["action_executions"]

    assert len(items) >= 2


def test_get_unknown_action_execution_is_404(api):
    assert api.get(f"/action_executions/{uuid.uuid4()}").status_code == 404
