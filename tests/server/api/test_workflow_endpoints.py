"""/v2/workflows: upload, read, list, update and delete definitions."""

import json
import uuid

import pytest

GREETER = """
version: '2.0'
greeter:
  input:
    - name
    - greeting: Hello
  output:
    text: <% $.text %>
  tasks:
    greet:
      action: std.echo output="<% $.greeting %>, <% $.name %>"
      publish:
        text: <% task().result %>
"""


def unique_document(name, body=GREETER):
    return body.replace("greeter", name)


def test_create_workflow_answers_201_with_fields(api):
    created = api.upload_workflow(unique_document("create_fields"))

    assert len(created) == 1
    workflow = created[0]
    assert workflow["name"] == "create_fields"
    assert workflow["namespace"] == ""
    assert workflow["scope"] == "private"
    assert workflow["project_id"] == "<default-project>"
    assert workflow["input"] == 'name, greeting="Hello"'
    assert json.loads(workflow["interface"]) == {"input": ["name", {"greeting": "Hello"}], "output": ["text"]}
    assert "greet:" in workflow["definition"]
    assert len(workflow["checksum"]) == 64
    assert uuid.UUID(workflow["id"])


def test_create_workflow_timestamp_format(api):
    workflow = api.upload_workflow(unique_document("timestamps"))[0]

    assert len(workflow["created_at"]) == len("2026-12-04 19:30:51")
    assert workflow["created_at"][10] == " "


def test_create_two_workflows_of_one_document(api):
    document = unique_document("first_of_two") + unique_document("second_of_two", GREETER.replace("version: '2.0'", ""))

    created = api.upload_workflow(document)

    assert [workflow["name"] for workflow in created] == ["first_of_two", "second_of_two"]


def test_create_same_name_again_is_409(api):
    api.upload_workflow(unique_document("twice"))

    response = api.request("POST", "/workflows", data=unique_document("twice"), headers={"Content-Type": "text/plain"})

    assert response.status_code == 409
    assert response.json()["faultcode"] == "Client"
    assert "twice" in response.json()["faultstring"]


def test_same_name_in_another_namespace_is_allowed(api):
    api.upload_workflow(unique_document("spaced"))

    created = api.upload_workflow(unique_document("spaced"), namespace="team")

    assert created[0]["namespace"] == "team"


def test_invalid_definition_is_400_naming_the_path(api):
    document = "version: '2.0'\nbroken:\n  tasks:\n    t1:\n      action: std.echo output=1\n      retry: {count: many}\n"

    response = api.request("POST", "/workflows", data=document, headers={"Content-Type": "text/plain"})

    assert response.status_code == 400
    assert "broken.tasks.t1.retry" in response.json()["faultstring"]


def test_reverse_workflow_is_400(api):
    document = "version: '2.0'\nrev:\n  type: reverse\n  tasks:\n    t1:\n      action: std.noop\n"

    response = api.request("POST", "/workflows", data=document, headers={"Content-Type": "text/plain"})

    assert response.status_code == 400
    assert "reverse" in response.json()["faultstring"]


def test_empty_definition_is_400(api):
    response = api.request("POST", "/workflows", data="", headers={"Content-Type": "text/plain"})

    assert response.status_code == 400


def test_get_workflow_by_name_and_by_id(api):
    workflow = api.upload_workflow(unique_document("by_name_or_id"))[0]

    by_name = api.ok(api.get("/workflows/by_name_or_id"))
    by_id = api.ok(api.get(f"/workflows/{workflow['id']}"))

    assert by_name["id"] == workflow["id"]
    assert by_id["name"] == "by_name_or_id"


def test_get_workflow_in_namespace(api):
    api.upload_workflow(unique_document("ns_only"), namespace="other")

    assert api.get("/workflows/ns_only").status_code == 404
    assert api.ok(api.get("/workflows/ns_only?namespace=other"))["namespace"] == "other"


def test_get_unknown_workflow_is_404(api):
    response = api.get("/workflows/no_such_workflow")

    assert response.status_code == 404
    assert response.json() == {
        "faultcode": "Client",
        "faultstring": response.json()["faultstring"],
        "debuginfo": None,
    }
    assert "no_such_workflow" in response.json()["faultstring"]


def test_list_workflows(api):
    api.upload_workflow(unique_document("listed"))

    listed = api.ok(api.get("/workflows"))["workflows"]

    assert "listed" in [workflow["name"] for workflow in listed]


def test_list_workflows_with_limit_has_next_link(api):
    api.upload_workflow(unique_document("page_one"))
    api.upload_workflow(unique_document("page_two"))

    page = api.ok(api.get("/workflows?limit=1"))

    assert len(page["workflows"]) == 1
    assert "marker=" in page["next"]
    assert page["next"].startswith(api.url + "/workflows?")


def test_update_workflows_by_collection_put(api):
    api.upload_workflow(unique_document("updated"))
    changed = unique_document("updated").replace("Hello", "Hi")

    response = api.request("PUT", "/workflows?namespace=&scope=private", data=changed,
                           headers={"Content-Type": "text/plain"})

    assert response.status_code == 200
    assert response.json()["workflows"][0]["input"] == 'name, greeting="Hi"'
    assert response.json()["workflows"][0]["updated_at"] is not None


def test_update_workflow_by_id(api):
    workflow = api.upload_workflow(unique_document("update_by_id"))[0]
    changed = unique_document("update_by_id").replace("Hello", "Hey")

    response = api.request("PUT", f"/workflows/{workflow['id']}", data=changed, headers={"Content-Type": "text/plain"})

    assert response.status_code == 200
    assert response.json()["input"] == 'name, greeting="Hey"'


def test_update_unknown_workflow_is_404(api):
    response = api.request("PUT", "/workflows", data=unique_document("never_created"),
                           headers={"Content-Type": "text/plain"})

    assert response.status_code == 404


def test_delete_workflow_keeps_its_executions_readable(api):
    api.upload_workflow(unique_document("deleted"))
    execution = api.start_execution("deleted", input={"name": "x"})
    api.wait_for_execution(execution["id"], "SUCCESS")

    response = api.delete("/workflows/deleted")

    assert response.status_code == 204
    assert api.get("/workflows/deleted").status_code == 404
    assert api.execution(execution["id"])["state"] == "SUCCESS"


def test_delete_unknown_workflow_is_404(api):
    assert api.delete("/workflows/not_there").status_code == 404


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/no/such/route", 404),
    ("PATCH", "/workflows", 405),
    ("POST", "/tasks", 405),
])
def test_unknown_route_and_method_answer_json(api, method, path, status):
    response = api.request(method, path)

    assert response.status_code == status
    assert response.json()["faultcode"] == "Client"
    assert response.json()["debuginfo"] is None
