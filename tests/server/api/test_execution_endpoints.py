"""/v2/executions: start, read, list, update the description, delete."""

import json
import uuid

import pytest

DOCUMENT = """
version: '2.0'
echo_wf:
  input:
    - name
    - greeting: Hello
  output:
    text: <% $.text %>
    token: <% env().token %>
  tasks:
    greet:
      action: std.echo output="<% $.greeting %>, <% $.name %>"
      publish:
        text: <% task().result %>
sleepy_wf:
  tasks:
    nap:
      action: std.sleep seconds=30
no_input_wf:
  tasks:
    one:
      action: std.noop
"""

EXECUTION_FIELDS = {
    "id", "workflow_id", "workflow_name", "workflow_namespace", "description", "tags", "params",
    "task_execution_id", "root_execution_id", "state", "state_info", "input", "output",
    "created_at", "updated_at", "project_id",
}


@pytest.fixture(scope="module")
def workflows(api):
    api.upload_workflow(DOCUMENT)
    api.ok(api.post("/environments", {"name": "stored", "variables": json.dumps({"token": "from-store"})}), 201)


def stop_if_running(api, execution_id):
    api.put(f"/executions/{execution_id}", {"state": "CANCELLED"})


def test_create_execution_as_openstack_client_sends_it(api, workflows):
    body = {
        "description": "",
        "workflow_name": "echo_wf",
        "params": json.dumps({"env": {"token": "t1"}}),
        "input": json.dumps({"name": "Ann"}),
    }

    response = api.post("/executions", body)

    assert response.status_code == 201
    execution = response.json()
    assert set(execution) == EXECUTION_FIELDS
    assert execution["state"] == "RUNNING"
    assert json.loads(execution["params"]) == {"env": {"token": "t1"}, "namespace": ""}
    assert json.loads(execution["input"]) == {"name": "Ann", "greeting": "Hello"}
    assert execution["project_id"] == "<default-project>"
    assert execution["root_execution_id"] is None


def test_execution_runs_to_success_with_output(api, workflows):
    execution = api.start_execution("echo_wf", input={"name": "Bo"}, env={"token": "t2"})

    finished = api.wait_for_execution(execution["id"], "SUCCESS")

    assert json.loads(finished["output"]) == {"text": "Hello, Bo", "token": "t2"}
    assert json.loads(finished["published_global"]) == {}


def test_create_execution_with_plain_objects(api, workflows):
    execution = api.start_execution("echo_wf", input={"name": "Cy"}, env={"token": "t"}, as_text=False)

    assert json.loads(execution["params"])["env"] == {"token": "t"}


def test_create_execution_by_workflow_id(api, workflows):
    workflow_id = api.ok(api.get("/workflows/no_input_wf"))["id"]

    response = api.post("/executions", {"workflow_id": workflow_id})

    assert response.status_code == 201
    assert response.json()["workflow_name"] == "no_input_wf"


def test_create_execution_with_stored_environment_copies_it(api, workflows):
    execution = api.start_execution("echo_wf", input={"name": "D"}, env="stored")
    api.ok(api.put("/environments", {"name": "stored", "variables": json.dumps({"token": "changed"})}))

    finished = api.wait_for_execution(execution["id"], "SUCCESS")

    assert json.loads(finished["params"])["env"] == {"token": "from-store"}
    assert json.loads(finished["output"])["token"] == "from-store"


def test_start_env_expressions_are_evaluated_once(api, workflows):
    env = {"base": "http://h", "url": "<% env().base %>/x", "token": "t"}

    execution = api.start_execution("echo_wf", input={"name": "E"}, env=env)

    assert json.loads(execution["params"])["env"]["url"] == "http://h/x"


def test_start_env_expressions_kept_with_evaluate_env_false(api, workflows):
    env = {"base": "http://h", "url": "<% env().base %>/x", "token": "t"}

    execution = api.start_execution("echo_wf", input={"name": "E"}, env=env, params={"evaluate_env": False})

    assert json.loads(execution["params"])["env"]["url"] == "<% env().base %>/x"


@pytest.mark.parametrize("body, status, words", [
    ({"workflow_name": "no_such"}, 404, "no_such"),
    ({"description": "no workflow"}, 400, "workflow_name"),
    ({"workflow_name": "echo_wf"}, 400, "name"),
    ({"workflow_name": "echo_wf", "input": json.dumps({"name": "x", "bogus": 1})}, 400, "bogus"),
    ({"workflow_name": "echo_wf", "input": "[1, 2]"}, 400, "input"),
    ({"workflow_name": "echo_wf", "input": {"name": "x"}, "params": {"env": "unknown-env"}}, 400, "unknown-env"),
    ({"workflow_name": "echo_wf", "input": {"name": "x"}, "params": {"env": [1]}}, 400, "JSON array"),
    ({"workflow_name": "echo_wf", "input": {"name": "x"}, "params": {"env": 5}}, 400, "JSON number"),
    ({"workflow_name": "echo_wf", "params": "not json"}, 400, "params"),
    ({"workflow_name": "echo_wf", "unknown_field": 1}, 400, "unknown_field"),
    ({"workflow_name": 7}, 400, "workflow_name"),
])
def test_create_execution_rejections(api, workflows, body, status, words):
    response = api.post("/executions", body)

    assert response.status_code == status
    assert response.json()["faultcode"] == "Client"
    assert words in response.json()["faultstring"]


def test_create_execution_body_not_json_is_400(api, workflows):
    response = api.request("POST", "/executions", data="{not json", headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert "not valid JSON" in response.json()["faultstring"]


def test_get_unknown_execution_is_404(api):
    unknown = str(uuid.uuid4())

    response = api.get(f"/executions/{unknown}")

    assert response.status_code == 404
    assert unknown in response.json()["faultstring"]


def test_get_execution_with_non_uuid_id_is_404(api):
    assert api.get("/executions/not-a-uuid").status_code == 404


def test_list_executions_items_have_no_output(api, workflows):
    api.start_execution("no_input_wf")

    items = api.ok(api.get("/executions"))["executions"]

    assert items
    assert all("output" not in item and "published_global" not in item for item in items)
    assert all("params" in item for item in items)


def test_list_executions_as_openstack_client_asks(api, workflows):
    for _ in range(3):
        api.start_execution("no_input_wf")

    page = api.ok(api.get("/executions?limit=2&sort_keys=created_at&sort_dirs=desc&fields=id,state,workflow_name"))

    assert len(page["executions"]) == 2
    assert set(page["executions"][0]) == {"id", "state", "workflow_name"}
    assert "sort_keys=created_at,id" in page["next"]


def test_list_executions_follow_next_returns_every_row_once(api, workflows):
    expected = {item["id"] for item in api.ok(api.get("/executions"))["executions"]}
    seen = []

    page = api.ok(api.get("/executions?limit=2"))
    seen += [item["id"] for item in page["executions"]]
    while "next" in page:
        page = api.ok(api.http.get(page["next"]))
        seen += [item["id"] for item in page["executions"]]

    assert len(seen) == len(set(seen))
    assert set(seen) == expected


def test_list_executions_filtered_by_state(api, workflows):
    execution = api.start_execution("no_input_wf")
    api.wait_for_execution(execution["id"], "SUCCESS")

    items = api.ok(api.get("/executions?state=SUCCESS"))["executions"]

    assert items
    assert {item["state"] for item in items} == {"SUCCESS"}


def test_list_executions_with_bad_limit_is_400(api):
    assert api.get("/executions?limit=0").status_code == 400


def test_update_description_only(api, workflows):
    execution = api.start_execution("no_input_wf")

    response = api.put(f"/executions/{execution['id']}", {"description": "new words"})

    assert response.status_code == 200
    assert response.json()["description"] == "new words"
    assert "params" not in response.json()


def test_delete_finished_execution(api, workflows):
    execution = api.start_execution("no_input_wf")
    api.wait_for_execution(execution["id"], "SUCCESS")
    task_id = api.tasks_of(execution["id"])[0]["id"]

    response = api.delete(f"/executions/{execution['id']}")

    assert response.status_code == 204
    assert api.get(f"/executions/{execution['id']}").status_code == 404
    assert api.get(f"/tasks/{task_id}").status_code == 404


def test_delete_running_execution_is_403_without_force(api, workflows):
    execution = api.start_execution("sleepy_wf")

    response = api.delete(f"/executions/{execution['id']}")

    assert response.status_code == 403
    assert "RUNNING" in response.json()["faultstring"]
    stop_if_running(api, execution["id"])


def test_delete_running_execution_with_force(api, workflows):
    execution = api.start_execution("sleepy_wf")

    response = api.delete(f"/executions/{execution['id']}?force=True")

    assert response.status_code == 204
    assert api.get(f"/executions/{execution['id']}").status_code == 404


def test_delete_unknown_execution_is_404(api):
    assert api.delete(f"/executions/{uuid.uuid4()}").status_code == 404
