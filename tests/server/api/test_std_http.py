"""std.http against a real local HTTP service that checks its token."""

import json

import pytest

from support.servers import free_port

DOCUMENT = """
version: '2.0'
fetch_wf:
  tasks:
    fetch:
      action: std.http
      input:
        url: <% env().endpoint %>/data
        headers:
          X-Auth-Token: <% env().token %>
        timeout: 5
      publish:
        items: <% task().result.content.items %>
        status: <% task().result.status %>
  output:
    items: <% $.items %>
    status: <% $.status %>
"""


@pytest.fixture(scope="module")
def workflows(api):
    api.upload_workflow(DOCUMENT)


def fetch(api, endpoint, token):
    execution = api.start_execution("fetch_wf", env={"endpoint": endpoint, "token": token})
    return api.wait_for_execution(execution["id"], "SUCCESS", "ERROR")


def test_http_with_valid_token_succeeds(api, workflows, local_service):
    execution = fetch(api, local_service.url, local_service.token)

    assert execution["state"] == "SUCCESS"
    assert json.loads(execution["output"]) == {"items": ["alpha", "beta"], "status": 200}
    assert local_service.count("/data", valid=True) == 1


def test_http_401_fails_the_task(api, workflows, local_service):
    execution = fetch(api, local_service.url, "wrong-token")
    task = api.task_named(execution["id"], "fetch")

    assert execution["state"] == "ERROR"
    assert task["state"] == "ERROR"
    assert json.loads(task["result"])["status"] == 401


def test_http_connection_refused_fails_the_task(api, workflows):
    execution = fetch(api, f"http://127.0.0.1:{free_port()}", "t")

    assert execution["state"] == "ERROR"
    assert api.task_named(execution["id"], "fetch")["state"] == "ERROR"
