"""Workflow manager: the exact request of every method, and its result."""

from support.recording_api import MOCKED_API_URL as API_URL, WORKFLOW_ID, workflow_resource

DEFINITION = "---\nversion: '2.0'\nwf:\n  tasks:\n    t:\n      action: std.noop\n"


def test_create_posts_text_plain_with_scope_and_empty_namespace(client, requests_mock):
    requests_mock.post(f"{API_URL}/workflows", status_code=201, json={"workflows": [workflow_resource()]})

    client.workflows.create(DEFINITION)

    request = requests_mock.last_request
    assert request.url == f"{API_URL}/workflows?scope=private&namespace="
    assert request.headers["Content-Type"] == "text/plain"
    assert request.text == DEFINITION


def test_create_public_in_namespace(client, requests_mock):
    requests_mock.post(f"{API_URL}/workflows", status_code=201, json={"workflows": [workflow_resource()]})

    client.workflows.create(DEFINITION, namespace="ops", scope="public")

    assert requests_mock.last_request.url == f"{API_URL}/workflows?scope=public&namespace=ops"


def test_create_sends_utf8_text(client, requests_mock):
    requests_mock.post(f"{API_URL}/workflows", status_code=201, json={"workflows": []})

    client.workflows.create("description: café\n")

    assert requests_mock.last_request.body == "description: café\n".encode("utf-8")


def test_create_returns_every_workflow(client, requests_mock):
    second = workflow_resource(id="w2", name="child_wf")
    requests_mock.post(f"{API_URL}/workflows", status_code=201, json={"workflows": [workflow_resource(), second]})

    workflows = client.workflows.create(DEFINITION)

    assert [w["name"] for w in workflows] == ["outage_wf", "child_wf"]


def test_get_sends_empty_namespace(client, requests_mock):
    requests_mock.get(f"{API_URL}/workflows/outage_wf", json=workflow_resource())

    client.workflows.get("outage_wf")

    assert requests_mock.last_request.url == f"{API_URL}/workflows/outage_wf?namespace="


def test_get_definition_returns_text(client, requests_mock):
    requests_mock.get(f"{API_URL}/workflows/{WORKFLOW_ID}", json=workflow_resource(definition="text"))

    assert client.workflows.get_definition(WORKFLOW_ID, namespace="ops") == "text"
    assert requests_mock.last_request.url == f"{API_URL}/workflows/{WORKFLOW_ID}?namespace=ops"


def test_list_without_default_limit(client, requests_mock):
    requests_mock.get(f"{API_URL}/workflows", json={"workflows": [workflow_resource()]})

    client.workflows.list()

    assert requests_mock.last_request.url == f"{API_URL}/workflows"


def test_list_with_namespace_and_fields(client, requests_mock):
    requests_mock.get(f"{API_URL}/workflows", json={"workflows": []})

    client.workflows.list(fields=["id", "name"], namespace="ops")

    assert requests_mock.last_request.url == f"{API_URL}/workflows?fields=id%2Cname&namespace=ops"


def test_delete_without_namespace(client, requests_mock):
    requests_mock.delete(f"{API_URL}/workflows/outage_wf", status_code=204)

    client.workflows.delete("outage_wf")

    assert requests_mock.last_request.url == f"{API_URL}/workflows/outage_wf"


def test_delete_in_namespace(client, requests_mock):
    requests_mock.delete(f"{API_URL}/workflows/outage_wf", status_code=204)

    client.workflows.delete("outage_wf", namespace="ops")

    assert requests_mock.last_request.url == f"{API_URL}/workflows/outage_wf?namespace=ops"
