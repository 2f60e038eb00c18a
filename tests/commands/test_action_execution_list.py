"""action-execution-list: query, row order, columns, and the failed attempt of a rerun."""

import json

from support.recording_api import TASK_ID

FAILED_ID = "a1a1a1a1-0000-4000-8000-000000000001"
RERUN_ID = "a1a1a1a1-0000-4000-8000-000000000002"


def action_execution(identifier, state, accepted, **fields):
    resource = {
        "id": identifier,
        "name": "std.http",
        "workflow_name": "outage_wf",
        "workflow_namespace": "",
        "task_name": "fetch",
        "task_execution_id": TASK_ID,
        "state": state,
        "state_info": None,
        "tags": None,
        "description": "",
        "project_id": "<default-project>",
        "accepted": accepted,
        "input": json.dumps({"url": "http://new-host/v1", "headers": {"X-Auth-Token": "s3cr3t"}}),
        "created_at": "2026-12-04 19:30:52",
        "updated_at": "2026-12-04 19:31:02",
    }
    resource.update(fields)
    return resource


def rerun_history():
    """The server's response, newest first: the rerun's attempt, then the failed one."""
    return {
        "action_executions": [
            action_execution(RERUN_ID, "SUCCESS", True),
            action_execution(FAILED_ID, "ERROR", False),
        ]
    }


def test_default_query_of_one_task(mistral, api):
    api.respond(200, {"action_executions": []})

    result = mistral("action-execution-list", TASK_ID)

    assert result.code == 0
    assert api.last_request.path == f"/v2/tasks/{TASK_ID}/action_executions"
    assert api.last_request.query == [
        ("limit", "100"),
        ("sort_keys", "created_at"),
        ("sort_dirs", "desc"),
    ]


def test_without_task_lists_every_task(mistral, api):
    api.respond(200, {"action_executions": []})

    mistral("action-execution-list", "--filter", "accepted=false", "--oldest")

    assert api.last_request.path == "/v2/action_executions"
    assert ("sort_dirs", "asc") in api.last_request.query
    assert ("accepted", "false") in api.last_request.query


def test_failed_attempt_shown_first(mistral, api):
    api.respond(200, rerun_history())

    result = mistral("action-execution-list", TASK_ID, "-f", "value", "-c", "ID", "-c", "State", "-c", "Accepted")

    assert result.stdout == f"{FAILED_ID} ERROR False\n{RERUN_ID} SUCCESS True\n"


def test_json_columns(mistral, api):
    api.respond(200, {"action_executions": [action_execution(FAILED_ID, "ERROR", False, updated_at=None)]})

    result = mistral("action-execution-list", TASK_ID, "-f", "json")

    assert json.loads(result.stdout) == [
        {
            "ID": FAILED_ID,
            "Name": "std.http",
            "Workflow name": "outage_wf",
            "Workflow namespace": "",
            "Task name": "fetch",
            "Task ID": TASK_ID,
            "State": "ERROR",
            "Accepted": False,
            "Created at": "2026-12-04 19:30:52",
            "Updated at": "<none>",
        }
    ]


def test_action_input_not_printed(mistral, api):
    api.respond(200, rerun_history())

    result = mistral("action-execution-list", TASK_ID, "-f", "json")

    assert "s3cr3t" not in result.stdout


def test_unknown_task_exits_1(mistral, api):
    api.respond_error(404, f"Task execution not found [id={TASK_ID}]")

    result = mistral("action-execution-list", TASK_ID)

    assert result.code == 1
    assert f"Task execution not found [id={TASK_ID}]" in result.stderr
