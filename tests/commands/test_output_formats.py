"""Exact output of the show commands in every cliff format, and the null rules."""

import json

import pytest
from support.recording_api import EXECUTION_ID, TASK_ID, WORKFLOW_ID, execution_resource, task_resource

EXECUTION_TABLE = """\
+--------------------+--------------------------------------+
| Field              | Value                                |
+--------------------+--------------------------------------+
| ID                 | 6b4a6b1e-2a4e-4bd5-9c1a-1f1b0a6f8c01 |
| Workflow ID        | 0f3c8a2e-7d5b-4c3e-9a8e-2b7d9c4e1a02 |
| Workflow name      | outage_wf                            |
| Workflow namespace |                                      |
| Description        |                                      |
| Task Execution ID  | <none>                               |
| Root Execution ID  | <none>                               |
| State              | ERROR                                |
| State info         | None                                 |
| Created at         | 2026-12-04 19:30:51                  |
| Updated at         | 2026-12-04 19:31:02                  |
| Duration           | 0:00:11                              |
+--------------------+--------------------------------------+
"""

EXECUTION_JSON = {
    "ID": EXECUTION_ID,
    "Workflow ID": WORKFLOW_ID,
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

EXECUTION_YAML = f"""\
ID: {EXECUTION_ID}
Workflow ID: {WORKFLOW_ID}
Workflow name: outage_wf
Workflow namespace: ''
Description: ''
Task Execution ID: <none>
Root Execution ID: <none>
State: ERROR
State info: null
Created at: '2026-12-04 19:30:51'
Updated at: '2026-12-04 19:31:02'
Duration: 0:00:11
"""

EXECUTION_VALUE = f"""\
{EXECUTION_ID}
{WORKFLOW_ID}
outage_wf


<none>
<none>
ERROR
None
2026-12-04 19:30:51
2026-12-04 19:31:02
0:00:11
"""

EXECUTION_SHELL = f"""\
id="{EXECUTION_ID}"
workflow_id="{WORKFLOW_ID}"
workflow_name="outage_wf"
workflow_namespace=""
description=""
task_execution_id="<none>"
root_execution_id="<none>"
state="ERROR"
state_info="None"
created_at="2026-12-04 19:30:51"
updated_at="2026-12-04 19:31:02"
duration="0:00:11"
"""


def get_execution(mistral, api, *options, **fields):
    api.respond(200, execution_resource(**fields))
    return mistral("execution-get", EXECUTION_ID, *options)


def test_get_sends_one_get(mistral, api):
    get_execution(mistral, api)

    assert [(r.method, r.path, r.query_string) for r in api.requests] == [
        ("GET", f"/v2/executions/{EXECUTION_ID}", "")
    ]


def test_table_by_default(mistral, api):
    result = get_execution(mistral, api)

    assert result.code == 0
    assert result.stdout == EXECUTION_TABLE


def test_json(mistral, api):
    result = get_execution(mistral, api, "-f", "json")

    assert json.loads(result.stdout) == EXECUTION_JSON
    assert list(json.loads(result.stdout)) == list(EXECUTION_JSON)


def test_yaml(mistral, api):
    assert get_execution(mistral, api, "-f", "yaml").stdout == EXECUTION_YAML


def test_value(mistral, api):
    assert get_execution(mistral, api, "-f", "value").stdout == EXECUTION_VALUE


def test_shell(mistral, api):
    assert get_execution(mistral, api, "-f", "shell").stdout == EXECUTION_SHELL


def test_shell_with_prefix_and_column(mistral, api):
    result = get_execution(mistral, api, "-f", "shell", "--prefix", "ex_", "-c", "State")

    assert result.stdout == 'ex_state="ERROR"\n'


def test_value_of_one_column(mistral, api):
    assert get_execution(mistral, api, "-f", "value", "-c", "State").stdout == "ERROR\n"


def test_column_by_snake_case_name(mistral, api):
    assert get_execution(mistral, api, "-f", "value", "-c", "state_info").stdout == "None\n"


def test_state_info_text_shown_whole(mistral, api):
    info = "Failure caused by error in tasks: fetch (HTTP 503 from the endpoint)"

    result = get_execution(mistral, api, "-f", "value", "-c", "State info", state_info=info)

    assert result.stdout == info + "\n"


def test_sub_execution_ids_shown(mistral, api):
    result = get_execution(
        mistral, api, "-f", "json", "-c", "Task Execution ID", "-c", "Root Execution ID",
        task_execution_id=TASK_ID, root_execution_id="root-1",
    )

    assert json.loads(result.stdout) == {"Task Execution ID": TASK_ID, "Root Execution ID": "root-1"}


def test_null_updated_at_shown_as_none_marker(mistral, api):
    result = get_execution(mistral, api, "-f", "json", "-c", "Updated at", state="RUNNING", updated_at=None)

    assert json.loads(result.stdout) == {"Updated at": "<none>"}


def test_cancelled_execution_duration(mistral, api):
    result = get_execution(
        mistral, api, "-f", "value", "-c", "Duration",
        state="CANCELLED", created_at="2026-12-04 10:00:00", updated_at="2026-12-05 12:01:05",
    )

    assert result.stdout == "26:01:05\n"


def test_running_execution_duration_ends_with_dots(mistral, api):
    result = get_execution(mistral, api, "-f", "value", "-c", "Duration", state="RUNNING")

    assert result.stdout.endswith("...\n")


TASK_JSON = {
    "ID": TASK_ID,
    "Name": "fetch",
    "Workflow name": "outage_wf",
    "Workflow namespace": "",
    "Workflow Execution ID": EXECUTION_ID,
    "State": "ERROR",
    "State info": "Failed to run action [action=std.http]",
    "Created at": "2026-12-04 19:30:52",
    "Started at": "2026-12-04 19:30:52",
    "Finished at": "2026-12-04 19:31:02",
    "Duration": "0:00:10",
}


def test_task_get_json(mistral, api):
    api.respond(200, task_resource())

    result = mistral("task-get", TASK_ID, "-f", "json")

    assert api.last_request.path == f"/v2/tasks/{TASK_ID}"
    assert json.loads(result.stdout) == TASK_JSON
    assert list(json.loads(result.stdout)) == list(TASK_JSON)


def test_task_get_unstarted_task(mistral, api):
    api.respond(200, task_resource(state="WAITING", started_at=None, finished_at=None, state_info=None))

    result = mistral("task-get", TASK_ID, "-f", "shell", "-c", "Started at", "-c", "Finished at",
                     "-c", "State info", "-c", "Duration")

    assert result.stdout == 'state_info="None"\nstarted_at="<none>"\nfinished_at="<none>"\nduration=""\n'


def test_task_get_table(mistral, api):
    api.respond(200, task_resource())

    result = mistral("task-get", TASK_ID)

    assert result.stdout.splitlines()[1] == "| Field                 | Value                                  |"
    assert "| Duration              | 0:00:10                                |" in result.stdout


@pytest.mark.parametrize("output_format", ["table", "json", "yaml", "value", "shell"])
def test_task_rerun_every_format(mistral_in_process, api, output_format):
    api.respond(200, task_resource(state="RUNNING"))

    result = mistral_in_process("task-rerun", TASK_ID, "-f", output_format)

    assert result.code == 0
    assert "RUNNING" in result.stdout
