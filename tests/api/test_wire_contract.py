"""The REST library against the Mistral v2 wire contract, one table row per recorded request or response.

The requests are those a real Mistral 23.0.0 received from OpenStack's
python-mistralclient 6.3.0. The responses have the form that server sends:
JSON-typed fields as JSON-encoded strings, timestamps ``YYYY-MM-DD
HH:MM:SS``, ``updated_at`` null or absent, and ``project_id``
``<default-project>``. Lists carry a ``next`` link, and errors are
``{"faultcode", "faultstring", "debuginfo"}``.
"""

import json
from typing import Callable, NamedTuple
from urllib.parse import parse_qsl, urlsplit

import pytest
from support.recording_api import (
    EXECUTION_ID,
    MOCKED_API_URL as API_URL,
    TASK_ID,
    WORKFLOW_ID,
    environment_resource,
    execution_resource,
    task_resource,
    workflow_resource,
)

from mistralclient_env import exceptions

DEFINITION = "---\nversion: '2.0'\noutage_wf:\n  tasks:\n    fetch:\n      action: std.noop\n"

# The fields OpenStack's execution-list and task-list ask for.
EXECUTION_LIST_FIELDS = [
    "id", "workflow_id", "workflow_name", "workflow_namespace", "description", "task_execution_id",
    "root_execution_id", "state", "state_info", "created_at", "updated_at",
]
TASK_LIST_FIELDS = [
    "id", "name", "workflow_name", "workflow_namespace", "workflow_execution_id", "state", "state_info",
    "created_at", "started_at", "finished_at",
]


class WireRequest(NamedTuple):
    call: Callable
    method: str
    path: str
    query: list
    content_type: object
    body: object
    status: int = 200
    response: object = None


REQUESTS = {
    "create execution by name with input and params": WireRequest(
        lambda client: client.executions.create(
            "outage_wf", workflow_input={"retries": 3}, params={"env": {"token": "old"}}
        ),
        "POST", "/v2/executions", [], "application/json",
        {
            "description": "",
            "workflow_name": "outage_wf",
            "input": '{"retries": 3}',
            "params": '{"env": {"token": "old"}}',
        },
        201, execution_resource(state="RUNNING"),
    ),
    "create execution by workflow_id": WireRequest(
        lambda client: client.executions.create(WORKFLOW_ID),
        "POST", "/v2/executions", [], "application/json",
        {"description": "", "workflow_id": WORKFLOW_ID},
        201, execution_resource(state="RUNNING"),
    ),
    "create execution with a stored environment": WireRequest(
        lambda client: client.executions.create("outage_wf", params={"env": "prod"}),
        "POST", "/v2/executions", [], "application/json",
        {"description": "", "workflow_name": "outage_wf", "params": '{"env": "prod"}'},
        201, execution_resource(state="RUNNING"),
    ),
    "update execution state": WireRequest(
        lambda client: client.executions.update(EXECUTION_ID, state="PAUSED"),
        "PUT", f"/v2/executions/{EXECUTION_ID}", [], "application/json",
        {"state": "PAUSED"},
        200, execution_resource(state="PAUSED"),
    ),
    "update execution description": WireRequest(
        lambda client: client.executions.update(EXECUTION_ID, description="checked"),
        "PUT", f"/v2/executions/{EXECUTION_ID}", [], "application/json",
        {"description": "checked"},
        200, execution_resource(description="checked"),
    ),
    "update execution env alone": WireRequest(
        lambda client: client.executions.update(EXECUTION_ID, env={"token": "new", "limits": {"rate": 5}}),
        "PUT", f"/v2/executions/{EXECUTION_ID}", [], "application/json",
        {"params": {"env": {"token": "new", "limits": {"rate": 5}}}},
        200, execution_resource(),
    ),
    "resume execution with env": WireRequest(
        lambda client: client.executions.update(EXECUTION_ID, state="RUNNING", env={"token": "new"}),
        "PUT", f"/v2/executions/{EXECUTION_ID}", [], "application/json",
        {"state": "RUNNING", "params": {"env": {"token": "new"}}},
        200, execution_resource(state="RUNNING"),
    ),
    "update execution with empty env": WireRequest(
        lambda client: client.executions.update(EXECUTION_ID, state="RUNNING", env={}),
        "PUT", f"/v2/executions/{EXECUTION_ID}", [], "application/json",
        {"state": "RUNNING"},
        200, execution_resource(state="RUNNING"),
    ),
    "rerun task": WireRequest(
        lambda client: client.tasks.rerun(TASK_ID),
        "PUT", f"/v2/tasks/{TASK_ID}", [], "application/json",
        {"id": TASK_ID, "state": "RUNNING", "reset": True},
        200, task_resource(state="RUNNING"),
    ),
    "rerun task with env": WireRequest(
        lambda client: client.tasks.rerun(TASK_ID, env={"endpoint": "http://new-host/v1"}),
        "PUT", f"/v2/tasks/{TASK_ID}", [], "application/json",
        {"id": TASK_ID, "state": "RUNNING", "reset": True, "env": '{"endpoint": "http://new-host/v1"}'},
        200, task_resource(state="RUNNING"),
    ),
    "rerun task with empty env": WireRequest(
        lambda client: client.tasks.rerun(TASK_ID, env={}),
        "PUT", f"/v2/tasks/{TASK_ID}", [], "application/json",
        {"id": TASK_ID, "state": "RUNNING", "reset": True},
        200, task_resource(state="RUNNING"),
    ),
    "rerun task resume": WireRequest(
        lambda client: client.tasks.rerun(TASK_ID, reset=False),
        "PUT", f"/v2/tasks/{TASK_ID}", [], "application/json",
        {"id": TASK_ID, "state": "RUNNING", "reset": False},
        200, task_resource(state="RUNNING"),
    ),
    "create workflows": WireRequest(
        lambda client: client.workflows.create(DEFINITION),
        "POST", "/v2/workflows", [("scope", "private"), ("namespace", "")], "text/plain",
        DEFINITION,
        201, {"workflows": [workflow_resource()]},
    ),
    "get workflow": WireRequest(
        lambda client: client.workflows.get("outage_wf"),
        "GET", "/v2/workflows/outage_wf", [("namespace", "")], None, None,
        200, workflow_resource(),
    ),
    "list executions as execution-list": WireRequest(
        lambda client: client.executions.list(
            limit=100, sort_keys="created_at", sort_dirs="desc", fields=EXECUTION_LIST_FIELDS
        ),
        "GET", "/v2/executions",
        [("limit", "100"), ("sort_keys", "created_at"), ("sort_dirs", "desc"),
         ("fields", ",".join(EXECUTION_LIST_FIELDS))],
        None, None,
        200, {"executions": []},
    ),
    "list root executions": WireRequest(
        lambda client: client.executions.list(limit=100, nulls="root_execution_id"),
        "GET", "/v2/executions", [("limit", "100"), ("nulls", "root_execution_id")], None, None,
        200, {"executions": []},
    ),
    "list executions with filters and marker": WireRequest(
        lambda client: client.executions.list(
            marker=EXECUTION_ID, limit=5, sort_keys="id", sort_dirs="asc",
            filters={"state": "in:ERROR,PAUSED", "workflow_name": "outage_wf"},
        ),
        "GET", "/v2/executions",
        [("marker", EXECUTION_ID), ("limit", "5"), ("sort_keys", "id"), ("sort_dirs", "asc"),
         ("state", "in:ERROR,PAUSED"), ("workflow_name", "outage_wf")],
        None, None,
        200, {"executions": []},
    ),
    "list tasks of an execution as task-list": WireRequest(
        lambda client: client.tasks.list(
            EXECUTION_ID, limit=100, sort_keys="created_at", sort_dirs="desc", fields=TASK_LIST_FIELDS
        ),
        "GET", f"/v2/executions/{EXECUTION_ID}/tasks",
        [("limit", "100"), ("sort_keys", "created_at"), ("sort_dirs", "desc"),
         ("fields", ",".join(TASK_LIST_FIELDS))],
        None, None,
        200, {"tasks": []},
    ),
    "list every task": WireRequest(
        lambda client: client.tasks.list(), "GET", "/v2/tasks", [], None, None, 200, {"tasks": []},
    ),
    "list action executions of a task": WireRequest(
        lambda client: client.action_executions.list(TASK_ID, limit=100, sort_keys="created_at", sort_dirs="desc"),
        "GET", f"/v2/tasks/{TASK_ID}/action_executions",
        [("limit", "100"), ("sort_keys", "created_at"), ("sort_dirs", "desc")], None, None,
        200, {"action_executions": []},
    ),
    "list workflows without default limit": WireRequest(
        lambda client: client.workflows.list(),
        "GET", "/v2/workflows", [], None, None, 200, {"workflows": []},
    ),
    "list environments without default limit": WireRequest(
        lambda client: client.environments.list(),
        "GET", "/v2/environments", [], None, None, 200, {"environments": []},
    ),
    "delete finished execution": WireRequest(
        lambda client: client.executions.delete(EXECUTION_ID),
        "DELETE", f"/v2/executions/{EXECUTION_ID}", [], None, None, 204,
    ),
    "delete unfinished execution with force": WireRequest(
        lambda client: client.executions.delete(EXECUTION_ID, force=True),
        "DELETE", f"/v2/executions/{EXECUTION_ID}", [("force", "True")], None, None, 204,
    ),
    "delete workflow": WireRequest(
        lambda client: client.workflows.delete("outage_wf"),
        "DELETE", "/v2/workflows/outage_wf", [], None, None, 204,
    ),
    "create environment": WireRequest(
        lambda client: client.environments.create(
            "prod", {"endpoint": "http://new-host/v1"}, description="Production endpoints"
        ),
        "POST", "/v2/environments", [], "application/json",
        {
            "name": "prod",
            "description": "Production endpoints",
            "variables": '{"endpoint": "http://new-host/v1"}',
            "scope": "private",
        },
        201, environment_resource(),
    ),
    "replace environment variables": WireRequest(
        lambda client: client.environments.update("prod", variables={"token": "rotated"}),
        "PUT", "/v2/environments", [], "application/json",
        {"name": "prod", "variables": '{"token": "rotated"}'},
        200, environment_resource(variables={"token": "rotated"}),
    ),
    "update environment description alone": WireRequest(
        lambda client: client.environments.update("prod", description="Moved"),
        "PUT", "/v2/environments", [], "application/json",
        {"name": "prod", "description": "Moved"},
        200, environment_resource(description="Moved"),
    ),
    "get environment by name": WireRequest(
        lambda client: client.environments.get("prod"),
        "GET", "/v2/environments/prod", [], None, None, 200, environment_resource(),
    ),
    "delete environment by name": WireRequest(
        lambda client: client.environments.delete("prod"),
        "DELETE", "/v2/environments/prod", [], None, None, 204,
    ),
}


def sent_body(request):
    if not request.body:
        return None
    if request.headers.get("Content-Type") == "application/json":
        return request.json()
    return request.body.decode("utf-8") if isinstance(request.body, bytes) else request.body


@pytest.mark.parametrize("name", list(REQUESTS), ids=list(REQUESTS))
def test_request_matches_wire_contract(client, requests_mock, name):
    row = REQUESTS[name]
    if row.response is None:
        requests_mock.register_uri(row.method, f"{API_URL}{row.path[len('/v2'):]}", status_code=row.status)
    else:
        requests_mock.register_uri(
            row.method, f"{API_URL}{row.path[len('/v2'):]}", status_code=row.status, json=row.response
        )

    row.call(client)
    request = requests_mock.last_request
    url = urlsplit(request.url)

    assert requests_mock.call_count == 1
    assert request.method == row.method
    assert url.path == row.path
    assert parse_qsl(url.query, keep_blank_values=True) == row.query
    assert request.headers.get("Content-Type") == row.content_type
    assert sent_body(request) == row.body


class WireResponse(NamedTuple):
    call: Callable
    method: str
    path: str
    status: int
    response: object
    check: Callable


def parses_execution(execution):
    assert execution["params"] == {"env": {"token": "old"}, "namespace": ""}
    assert execution["input"] == {"retries": 3}
    assert execution["output"] == {}
    assert execution["created_at"] == "2026-12-04 19:30:51"
    assert execution["project_id"] == "<default-project>"
    assert execution["task_execution_id"] is None


def parses_null_updated_at(execution):
    assert execution["updated_at"] is None
    assert execution["state"] == "RUNNING"


def parses_env_only_update(execution):
    assert execution["params"]["env"] == {"token": "new"}
    assert "input" not in execution
    assert "output" not in execution


def parses_published_global(execution):
    assert execution["published_global"] == {}


def parses_task(task):
    assert task["result"] == {"status": 503}
    assert task["published"] == {}
    assert task["runtime_context"] == {"retry_task_policy": {"retry_no": 2}}
    assert task["started_at"] == "2026-12-04 19:30:52"


def parses_string_result(task):
    assert task["result"] == "prepared"


def parses_page_without_following_next(executions):
    assert [execution["id"] for execution in executions] == [EXECUTION_ID]
    assert executions[0]["params"] == {"env": {"token": "old"}, "namespace": ""}


def parses_task_page(tasks):
    assert [task["name"] for task in tasks] == ["fetch"]


def parses_action_executions(action_executions):
    assert [(attempt["state"], attempt["accepted"]) for attempt in action_executions] == [
        ("ERROR", False), ("SUCCESS", True),
    ]
    assert action_executions[0]["input"] == {"url": "http://old-host/v1/data"}
    assert action_executions[1]["task_execution_id"] == TASK_ID


def parses_created_workflows(workflows):
    assert [workflow["name"] for workflow in workflows] == ["outage_wf"]
    assert workflows[0]["interface"] == {"input": [{"retries": 3}], "output": []}
    assert workflows[0]["input"] == "retries=3"
    assert workflows[0].get("updated_at") is None


def parses_environment(environment):
    assert environment["variables"] == {"endpoint": "http://new-host/v1", "token": "s3cr3t"}
    assert environment["updated_at"] is None
    assert environment["project_id"] == "<default-project>"


def parses_no_content(result):
    assert result is None


def action_execution_item(state, accepted):
    return {
        "id": f"5e0b2c1d-4f3a-4b6c-9d8e-7f6a5b4c3d0{int(accepted)}",
        "name": "std.http",
        "workflow_name": "outage_wf",
        "workflow_namespace": "",
        "task_execution_id": TASK_ID,
        "state": state,
        "state_info": None,
        "tags": None,
        "description": "",
        "project_id": "<default-project>",
        "accepted": accepted,
        "input": json.dumps({"url": "http://old-host/v1/data"}),
        "created_at": "2026-12-04 19:30:52",
        "updated_at": "2026-12-04 19:31:02",
    }


NEXT_LINK = (
    f"{API_URL}/executions?sort_keys=created_at,id&sort_dirs=desc,asc&limit=1&marker={EXECUTION_ID}"
)

_created_workflow = workflow_resource(interface=json.dumps({"input": [{"retries": 3}], "output": []}))
del _created_workflow["updated_at"]

RESPONSES = {
    "created execution": WireResponse(
        lambda client: client.executions.create("outage_wf"),
        "POST", "/executions", 201, execution_resource(), parses_execution,
    ),
    "execution with null updated_at": WireResponse(
        lambda client: client.executions.get(EXECUTION_ID),
        "GET", f"/executions/{EXECUTION_ID}", 200, execution_resource(state="RUNNING", updated_at=None),
        parses_null_updated_at,
    ),
    "execution with published_global": WireResponse(
        lambda client: client.executions.get(EXECUTION_ID),
        "GET", f"/executions/{EXECUTION_ID}", 200, execution_resource(published_global={}),
        parses_published_global,
    ),
    "env-only update without input and output": WireResponse(
        lambda client: client.executions.update(EXECUTION_ID, env={"token": "new"}),
        "PUT", f"/executions/{EXECUTION_ID}", 200,
        {key: value for key, value in execution_resource(params={"env": {"token": "new"}}).items()
         if key not in ("input", "output")},
        parses_env_only_update,
    ),
    "task": WireResponse(
        lambda client: client.tasks.get(TASK_ID),
        "GET", f"/tasks/{TASK_ID}", 200, task_resource(), parses_task,
    ),
    "task with a string result": WireResponse(
        lambda client: client.tasks.get(TASK_ID),
        "GET", f"/tasks/{TASK_ID}", 200, task_resource(result="prepared"), parses_string_result,
    ),
    "execution page with next": WireResponse(
        lambda client: client.executions.list(limit=1),
        "GET", "/executions", 200, {"executions": [execution_resource()], "next": NEXT_LINK},
        parses_page_without_following_next,
    ),
    "task page with next": WireResponse(
        lambda client: client.tasks.list(EXECUTION_ID, limit=1),
        "GET", f"/executions/{EXECUTION_ID}/tasks", 200,
        {"tasks": [task_resource()], "next": f"{API_URL}/tasks?limit=1&marker={TASK_ID}"
                                             f"&workflow_execution_id=eq:{EXECUTION_ID}"},
        parses_task_page,
    ),
    "action executions after a rerun": WireResponse(
        lambda client: client.action_executions.list(TASK_ID),
        "GET", f"/tasks/{TASK_ID}/action_executions", 200,
        {"action_executions": [
            action_execution_item("ERROR", accepted=False),
            action_execution_item("SUCCESS", accepted=True),
        ]},
        parses_action_executions,
    ),
    "created workflows": WireResponse(
        lambda client: client.workflows.create(DEFINITION),
        "POST", "/workflows", 201, {"workflows": [_created_workflow]}, parses_created_workflows,
    ),
    "environment": WireResponse(
        lambda client: client.environments.get("prod"),
        "GET", "/environments/prod", 200, environment_resource(), parses_environment,
    ),
    "delete without content": WireResponse(
        lambda client: client.executions.delete(EXECUTION_ID),
        "DELETE", f"/executions/{EXECUTION_ID}", 204, None, parses_no_content,
    ),
}


@pytest.mark.parametrize("name", list(RESPONSES), ids=list(RESPONSES))
def test_response_parsed_per_wire_contract(client, requests_mock, name):
    row = RESPONSES[name]
    if row.response is None:
        requests_mock.register_uri(row.method, f"{API_URL}{row.path}", status_code=row.status)
    else:
        requests_mock.register_uri(row.method, f"{API_URL}{row.path}", status_code=row.status, json=row.response)

    result = row.call(client)

    assert requests_mock.call_count == 1
    row.check(result)


def fault(faultcode, message):
    return {"faultcode": faultcode, "faultstring": message, "debuginfo": None}


class WireError(NamedTuple):
    call: Callable
    method: str
    path: str
    status: int
    body: dict
    error_class: type


ERRORS = {
    "unknown execution": WireError(
        lambda client: client.executions.get(EXECUTION_ID), "GET", f"/executions/{EXECUTION_ID}", 404,
        fault("Client", f"Workflow execution not found: {EXECUTION_ID}"), exceptions.NotFound,
    ),
    "nothing to update": WireError(
        lambda client: client.executions.update(EXECUTION_ID), "PUT", f"/executions/{EXECUTION_ID}", 400,
        fault("Client", "Nothing to update: give state, description or a non-empty params.env."),
        exceptions.BadRequest,
    ),
    "env on a RUNNING execution": WireError(
        lambda client: client.executions.update(EXECUTION_ID, env={"token": "new"}),
        "PUT", f"/executions/{EXECUTION_ID}", 403,
        fault("Client", f"Cannot change the env: workflow execution {EXECUTION_ID} is RUNNING."),
        exceptions.Forbidden,
    ),
    "rerun of a task not in ERROR": WireError(
        lambda client: client.tasks.rerun(TASK_ID), "PUT", f"/tasks/{TASK_ID}", 400,
        fault("Client", f"Task execution {TASK_ID} is SUCCESS: it must be in ERROR to be rerun."),
        exceptions.BadRequest,
    ),
    "rerun with env on a RUNNING execution": WireError(
        lambda client: client.tasks.rerun(TASK_ID, env={"token": "new"}), "PUT", f"/tasks/{TASK_ID}", 403,
        fault("Client", f"Cannot change the env: workflow execution {EXECUTION_ID} is RUNNING."),
        exceptions.Forbidden,
    ),
    "unfinished execution delete": WireError(
        lambda client: client.executions.delete(EXECUTION_ID), "DELETE", f"/executions/{EXECUTION_ID}", 403,
        fault("Client", f"Workflow execution {EXECUTION_ID} is RUNNING: delete it with force."),
        exceptions.Forbidden,
    ),
    "invalid list query": WireError(
        lambda client: client.executions.list(limit=1, sort_dirs="up"), "GET", "/executions", 400,
        fault("Client", "Invalid sort direction 'up' in sort_dirs: use asc or desc."), exceptions.BadRequest,
    ),
    "unknown marker": WireError(
        lambda client: client.executions.list(marker=EXECUTION_ID), "GET", "/executions", 404,
        fault("Client", f"Marker {EXECUTION_ID} not found."), exceptions.NotFound,
    ),
    "environment name taken": WireError(
        lambda client: client.environments.create("prod", {"a": 1}), "POST", "/environments", 409,
        fault("Client", "An environment named 'prod' already exists."), exceptions.Conflict,
    ),
    "server failure": WireError(
        lambda client: client.executions.get(EXECUTION_ID), "GET", f"/executions/{EXECUTION_ID}", 500,
        fault("Server", "Internal server error."), exceptions.ServerError,
    ),
}


@pytest.mark.parametrize("name", list(ERRORS), ids=list(ERRORS))
def test_error_body_raises_matching_exception(client, requests_mock, name):
    row = ERRORS[name]
    requests_mock.register_uri(row.method, f"{API_URL}{row.path}", status_code=row.status, json=row.body)

    with pytest.raises(exceptions.APIError) as caught:
        row.call(client)

    assert type(caught.value) is row.error_class
    assert caught.value.status == row.status
    assert caught.value.message == row.body["faultstring"]
    assert caught.value.faultcode == row.body["faultcode"]
    assert caught.value.method == row.method


def test_server_error_message_header_wins_over_faultstring(client, requests_mock):
    requests_mock.get(
        f"{API_URL}/executions/{EXECUTION_ID}",
        status_code=404,
        json=fault("Client", "from the body"),
        headers={"Server-Error-Message": "from the header"},
    )

    with pytest.raises(exceptions.NotFound) as caught:
        client.executions.get(EXECUTION_ID)

    assert caught.value.message == "from the header"
