"""execution-list, task-list, workflow-list, environment-list: queries and row order."""

import json

from support.recording_api import EXECUTION_ID, environment_resource, execution_resource, task_resource, workflow_resource

EXECUTION_FIELDS = (
    "id,workflow_id,workflow_name,workflow_namespace,description,task_execution_id,"
    "root_execution_id,state,state_info,created_at,updated_at"
)
TASK_FIELDS = (
    "id,name,workflow_name,workflow_namespace,workflow_execution_id,state,state_info,"
    "created_at,started_at,finished_at"
)
WORKFLOW_FIELDS = "id,name,namespace,project_id,tags,input,scope,created_at,updated_at"


def newest_first(ids, resource):
    return [resource(id=identifier) for identifier in ids]


def test_execution_list_default_query(mistral, api):
    api.respond(200, {"executions": []})

    result = mistral("execution-list")

    assert result.code == 0
    assert api.last_request.path == "/v2/executions"
    assert api.last_request.query == [
        ("limit", "100"),
        ("sort_keys", "created_at"),
        ("sort_dirs", "desc"),
        ("fields", EXECUTION_FIELDS),
    ]


def test_execution_list_shows_oldest_first(mistral, api):
    api.respond(200, {"executions": newest_first(["e3", "e2", "e1"], execution_resource)})

    result = mistral("execution-list", "-f", "value", "-c", "ID")

    assert result.stdout == "e1\ne2\ne3\n"


def test_execution_list_oldest_asks_ascending(mistral, api):
    api.respond(200, {"executions": newest_first(["e1", "e2"], execution_resource)})

    result = mistral("execution-list", "--oldest", "-f", "value", "-c", "ID")

    assert ("sort_dirs", "asc") in api.last_request.query
    assert result.stdout == "e1\ne2\n"


def test_execution_list_marker_keeps_server_order(mistral, api):
    api.respond(200, {"executions": newest_first(["e2", "e3"], execution_resource)})

    result = mistral("execution-list", "--marker", EXECUTION_ID, "-f", "value", "-c", "ID")

    assert api.last_request.query[:4] == [
        ("marker", EXECUTION_ID),
        ("limit", "100"),
        ("sort_keys", "created_at"),
        ("sort_dirs", "asc"),
    ]
    assert result.stdout == "e2\ne3\n"


def test_execution_list_options(mistral, api):
    api.respond(200, {"executions": []})

    mistral(
        "execution-list", "--limit", "5", "--sort_keys", "state,id", "--sort_dirs", "desc,asc",
        "--filter", "state=in:ERROR,PAUSED", "--filter", "workflow_name=outage_wf",
        "--rootsonly", "--task", "t-9",
    )

    assert api.last_request.query == [
        ("limit", "5"),
        ("sort_keys", "state,id"),
        ("sort_dirs", "desc,asc"),
        ("fields", EXECUTION_FIELDS),
        ("nulls", "root_execution_id"),
        ("state", "in:ERROR,PAUSED"),
        ("workflow_name", "outage_wf"),
        ("task_execution_id", "t-9"),
    ]


def test_execution_list_without_limit(mistral, api):
    api.respond(200, {"executions": []})

    mistral("execution-list", "--limit", "-1")

    assert "limit" not in dict(api.last_request.query)


def test_execution_list_cuts_state_info(mistral, api):
    info = "Failure caused by error in tasks: fetch"
    api.respond(200, {"executions": [execution_resource(state_info=info)]})

    result = mistral("execution-list", "-f", "value", "-c", "State info")

    assert result.stdout == "Failure caused by error i...\n"


def test_execution_list_json(mistral, api):
    api.respond(200, {"executions": [execution_resource()]})

    rows = json.loads(mistral("execution-list", "-f", "json").stdout)

    assert rows == [
        {
            "ID": EXECUTION_ID,
            "Workflow ID": "0f3c8a2e-7d5b-4c3e-9a8e-2b7d9c4e1a02",
            "Workflow name": "outage_wf",
            "Workflow namespace": "",
            "Description": "",
            "Task Execution ID": "<none>",
            "Root Execution ID": "<none>",
            "State": "ERROR",
            "State info": None,
            "Created at": "2026-12-04 19:30:51",
            "Updated at": "2026-12-04 19:31:02",
            "Duration": "0:00:11",
        }
    ]


def test_execution_list_empty_table(mistral, api):
    api.respond(200, {"executions": []})

    result = mistral("execution-list")

    assert result.code == 0
    assert result.stdout == "\n"


def test_invalid_filter_rejected_before_sending(mistral, api):
    result = mistral("execution-list", "--filter", "state")

    assert result.code == 1
    assert "Invalid --filter 'state'" in result.stderr
    assert api.requests == []


def test_task_list_all(mistral, api):
    api.respond(200, {"tasks": newest_first(["t2", "t1"], task_resource)})

    result = mistral("task-list", "-f", "value", "-c", "ID", "-c", "State")

    assert api.last_request.path == "/v2/tasks"
    assert api.last_request.query == [
        ("limit", "100"),
        ("sort_keys", "created_at"),
        ("sort_dirs", "desc"),
        ("fields", TASK_FIELDS),
    ]
    assert result.stdout == "t1 ERROR\nt2 ERROR\n"


def test_task_list_of_one_execution(mistral, api):
    api.respond(200, {"tasks": []})

    mistral("task-list", EXECUTION_ID, "--filter", "state=ERROR")

    assert api.last_request.path == f"/v2/executions/{EXECUTION_ID}/tasks"
    assert ("state", "ERROR") in api.last_request.query


def test_workflow_list_query(mistral, api):
    api.respond(200, {"workflows": [workflow_resource(input="a" * 30)]})

    result = mistral("workflow-list", "-f", "value", "-c", "Name", "-c", "Input", "-c", "Tags")

    assert api.last_request.path == "/v2/workflows"
    assert api.last_request.query == [
        ("sort_keys", "created_at"),
        ("sort_dirs", "asc"),
        ("fields", WORKFLOW_FIELDS),
    ]
    assert result.stdout == f"outage_wf <none> {'a' * 25}...\n"


def test_environment_list(mistral, api):
    api.respond(200, {"environments": [environment_resource(description=None)]})

    result = mistral("environment-list", "-f", "json")

    assert api.last_request.query == [
        ("sort_keys", "created_at"),
        ("sort_dirs", "asc"),
        ("fields", "name,description,scope,created_at,updated_at"),
    ]
    assert json.loads(result.stdout) == [
        {
            "Name": "prod",
            "Description": "<none>",
            "Scope": "private",
            "Created at": "2026-12-04 18:00:00",
            "Updated at": "<none>",
        }
    ]


TASK_TABLE = """\
+----+-------+---------------+--------------------+--------------------------------------+---------+------------------------------+---------------------+---------------------+---------------------+----------+
| ID | Name  | Workflow name | Workflow namespace | Workflow Execution ID                | State   | State info                   | Created at          | Started at          | Finished at         | Duration |
+----+-------+---------------+--------------------+--------------------------------------+---------+------------------------------+---------------------+---------------------+---------------------+----------+
| t1 | fetch | outage_wf     |                    | 6b4a6b1e-2a4e-4bd5-9c1a-1f1b0a6f8c01 | ERROR   | Failed to run action [act... | 2026-12-04 19:30:52 | 2026-12-04 19:30:52 | 2026-12-04 19:31:02 | 0:00:10  |
| t2 | fetch | outage_wf     |                    | 6b4a6b1e-2a4e-4bd5-9c1a-1f1b0a6f8c01 | SUCCESS | None                         | 2026-12-04 19:30:52 | 2026-12-04 19:30:52 | 2026-12-04 19:31:02 | 0:00:10  |
+----+-------+---------------+--------------------+--------------------------------------+---------+------------------------------+---------------------+---------------------+---------------------+----------+
"""


def test_task_list_table(mistral, api):
    api.respond(200, {"tasks": [task_resource(id="t2", state="SUCCESS", state_info=None), task_resource(id="t1")]})

    result = mistral("task-list", EXECUTION_ID)

    assert result.stdout == TASK_TABLE
