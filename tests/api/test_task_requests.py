"""Task manager: the exact request of every method, and its result."""

from support.recording_api import MOCKED_API_URL as API_URL, EXECUTION_ID, TASK_ID, task_resource

TASK_URL = f"{API_URL}/tasks/{TASK_ID}"


def test_get_requests_task_by_id(client, requests_mock):
    requests_mock.get(TASK_URL, json=task_resource())

    task = client.tasks.get(TASK_ID)

    assert requests_mock.last_request.url == TASK_URL
    assert task["result"] == {"status": 503}
    assert task["runtime_context"] == {"retry_task_policy": {"retry_no": 2}}


def test_list_all_tasks(client, requests_mock):
    requests_mock.get(f"{API_URL}/tasks", json={"tasks": [task_resource()]})

    tasks = client.tasks.list(limit=100, sort_keys="created_at", sort_dirs="desc", fields=["id", "name"])

    assert requests_mock.last_request.url == (
        f"{API_URL}/tasks?limit=100&sort_keys=created_at&sort_dirs=desc&fields=id%2Cname"
    )
    assert [t["id"] for t in tasks] == [TASK_ID]


def test_list_tasks_of_one_execution(client, requests_mock):
    requests_mock.get(f"{API_URL}/executions/{EXECUTION_ID}/tasks", json={"tasks": []})

    client.tasks.list(EXECUTION_ID, filters={"state": "ERROR"})

    assert requests_mock.last_request.url == f"{API_URL}/executions/{EXECUTION_ID}/tasks?state=ERROR"


def test_rerun_sends_reset_true_without_env(client, requests_mock):
    requests_mock.put(TASK_URL, json=task_resource(state="RUNNING"))

    client.tasks.rerun(TASK_ID)

    assert requests_mock.last_request.json() == {"id": TASK_ID, "state": "RUNNING", "reset": True}


def test_rerun_sends_env_as_json_string(client, requests_mock):
    requests_mock.put(TASK_URL, json=task_resource(state="RUNNING"))

    client.tasks.rerun(TASK_ID, env={"endpoint": "http://new/v1", "retries": 2})

    assert requests_mock.last_request.json() == {
        "id": TASK_ID,
        "state": "RUNNING",
        "reset": True,
        "env": '{"endpoint": "http://new/v1", "retries": 2}',
    }


def test_rerun_resume_sends_reset_false(client, requests_mock):
    requests_mock.put(TASK_URL, json=task_resource(state="RUNNING"))

    client.tasks.rerun(TASK_ID, reset=False)

    assert requests_mock.last_request.json()["reset"] is False


def test_rerun_empty_env_not_sent(client, requests_mock):
    requests_mock.put(TASK_URL, json=task_resource(state="RUNNING"))

    client.tasks.rerun(TASK_ID, env={})

    assert "env" not in requests_mock.last_request.json()


def test_rerun_returns_task(client, requests_mock):
    requests_mock.put(TASK_URL, json=task_resource(state="RUNNING"))

    assert client.tasks.rerun(TASK_ID)["state"] == "RUNNING"
