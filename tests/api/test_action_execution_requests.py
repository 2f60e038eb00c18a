"""Action execution manager: the exact list requests, and the decoded items."""

import json

from support.recording_api import MOCKED_API_URL as API_URL, TASK_ID

ACTION_EXECUTION = {
    "id": "a1a1a1a1-0000-4000-8000-000000000001",
    "name": "std.http",
    "workflow_name": "outage_wf",
    "workflow_namespace": "",
    "task_name": "fetch",
    "task_execution_id": TASK_ID,
    "state": "ERROR",
    "state_info": "HTTP GET http://old-host/v1 failed: connection refused",
    "tags": None,
    "description": "",
    "project_id": "<default-project>",
    "accepted": False,
    "input": json.dumps({"url": "http://old-host/v1"}),
    "created_at": "2026-12-04 19:30:52",
    "updated_at": "2026-12-04 19:31:02",
}


def test_list_of_one_task(client, requests_mock):
    url = f"{API_URL}/tasks/{TASK_ID}/action_executions"
    requests_mock.get(url, json={"action_executions": [ACTION_EXECUTION]})

    items = client.action_executions.list(TASK_ID, limit=100, sort_keys="created_at", sort_dirs="desc")

    assert requests_mock.last_request.url == f"{url}?limit=100&sort_keys=created_at&sort_dirs=desc"
    assert [item["accepted"] for item in items] == [False]


def test_list_of_every_task(client, requests_mock):
    requests_mock.get(f"{API_URL}/action_executions", json={"action_executions": []})

    client.action_executions.list(filters={"state": "ERROR"})

    assert requests_mock.last_request.url == f"{API_URL}/action_executions?state=ERROR"


def test_list_decodes_input(client, requests_mock):
    url = f"{API_URL}/tasks/{TASK_ID}/action_executions"
    requests_mock.get(url, json={"action_executions": [ACTION_EXECUTION]})

    items = client.action_executions.list(TASK_ID)

    assert items[0]["input"] == {"url": "http://old-host/v1"}


def test_task_id_quoted_in_path(client, requests_mock):
    requests_mock.get(f"{API_URL}/tasks/a%2Fb/action_executions", json={"action_executions": []})

    client.action_executions.list("a/b")

    assert requests_mock.last_request.path == "/v2/tasks/a%2fb/action_executions"
