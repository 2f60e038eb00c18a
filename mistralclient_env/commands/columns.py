"""Columns of the tables the commands print, and how each value is shown.

Column titles and the value rules are those of OpenStack's client, so that
scripts using ``-f value -c State`` or ``-f json`` keep working:

- a null id, or a null ``updated_at``, ``started_at`` or ``finished_at``,
  shows as ``<none>`` in every format;
- a null ``state_info`` stays None: ``None`` in table, value and shell
  output, ``null`` in json and yaml;
- Duration is ``H:MM:SS``: for a finished execution ``updated_at -
  created_at``, for a finished task ``finished_at - started_at``; while
  unfinished, the time since the start followed by ``...``.

List views cut ``state_info`` and a workflow's ``input`` to 25 characters
followed by ``...``, as OpenStack's client does.
"""

import datetime
import json

NONE_SHOWN = "<none>"

# Mistral's timestamp format: UTC, no zone, no fraction.
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"

_LIST_CUT_LENGTH = 25

EXECUTION_COLUMNS = (
    ("id", "ID"),
    ("workflow_id", "Workflow ID"),
    ("workflow_name", "Workflow name"),
    ("workflow_namespace", "Workflow namespace"),
    ("description", "Description"),
    ("task_execution_id", "Task Execution ID"),
    ("root_execution_id", "Root Execution ID"),
    ("state", "State"),
    ("state_info", "State info"),
    ("created_at", "Created at"),
    ("updated_at", "Updated at"),
    (None, "Duration"),
)

TASK_COLUMNS = (
    ("id", "ID"),
    ("name", "Name"),
    ("workflow_name", "Workflow name"),
    ("workflow_namespace", "Workflow namespace"),
    ("workflow_execution_id", "Workflow Execution ID"),
    ("state", "State"),
    ("state_info", "State info"),
    ("created_at", "Created at"),
    ("started_at", "Started at"),
    ("finished_at", "Finished at"),
    (None, "Duration"),
)

# OpenStack's client leaves state_info out of this list, so a script that
# reads `-f value` by position gets the same columns here.
ACTION_EXECUTION_LIST_COLUMNS = (
    ("id", "ID"),
    ("name", "Name"),
    ("workflow_name", "Workflow name"),
    ("workflow_namespace", "Workflow namespace"),
    ("task_name", "Task name"),
    ("task_execution_id", "Task ID"),
    ("state", "State"),
    ("accepted", "Accepted"),
    ("created_at", "Created at"),
    ("updated_at", "Updated at"),
)

WORKFLOW_COLUMNS = (
    ("id", "ID"),
    ("name", "Name"),
    ("namespace", "Namespace"),
    ("project_id", "Project ID"),
    ("tags", "Tags"),
    ("input", "Input"),
    ("scope", "Scope"),
    ("created_at", "Created at"),
    ("updated_at", "Updated at"),
)

ENVIRONMENT_COLUMNS = (
    ("name", "Name"),
    ("description", "Description"),
    ("variables", "Variables"),
    ("scope", "Scope"),
    ("created_at", "Created at"),
    ("updated_at", "Updated at"),
)

ENVIRONMENT_LIST_COLUMNS = tuple(c for c in ENVIRONMENT_COLUMNS if c[0] != "variables")

ENVIRONMENT_EXPORT_COLUMNS = ("name", "description", "scope", "variables")

# Executions that no longer change: their Duration ends at updated_at.
FINISHED_EXECUTION_STATES = frozenset({"SUCCESS", "ERROR", "CANCELLED"})


def titles(columns):
    """Return the column titles, the keys of json output."""
    return tuple(title for _, title in columns)


def fields(columns):
    """Return the API fields a list request names. Duration is computed, not requested."""
    return [field for field, _ in columns if field is not None]


def execution_row(execution, listing=False, now=None):
    """Return the values of EXECUTION_COLUMNS for one execution."""
    state = execution.get("state")
    end = execution.get("updated_at") if state in FINISHED_EXECUTION_STATES else None

    return (
        execution.get("id"),
        execution.get("workflow_id"),
        execution.get("workflow_name"),
        execution.get("workflow_namespace"),
        execution.get("description"),
        execution.get("task_execution_id") or NONE_SHOWN,
        execution.get("root_execution_id") or NONE_SHOWN,
        state,
        _cut(execution.get("state_info")) if listing else execution.get("state_info"),
        execution.get("created_at"),
        execution.get("updated_at") or NONE_SHOWN,
        format_duration(execution.get("created_at"), end, now=now),
    )


def task_row(task, listing=False, now=None):
    """Return the values of TASK_COLUMNS for one task execution."""
    return (
        task.get("id"),
        task.get("name"),
        task.get("workflow_name"),
        task.get("workflow_namespace"),
        task.get("workflow_execution_id") or NONE_SHOWN,
        task.get("state"),
        _cut(task.get("state_info")) if listing else task.get("state_info"),
        task.get("created_at"),
        task.get("started_at") or NONE_SHOWN,
        task.get("finished_at") or NONE_SHOWN,
        format_duration(task.get("started_at"), task.get("finished_at"), now=now),
    )


def action_execution_list_row(action_execution):
    """Return the values of ACTION_EXECUTION_LIST_COLUMNS for one action execution."""
    return (
        action_execution.get("id"),
        action_execution.get("name"),
        action_execution.get("workflow_name"),
        action_execution.get("workflow_namespace"),
        action_execution.get("task_name"),
        action_execution.get("task_execution_id") or NONE_SHOWN,
        action_execution.get("state"),
        action_execution.get("accepted"),
        action_execution.get("created_at"),
        action_execution.get("updated_at") or NONE_SHOWN,
    )


def workflow_row(workflow, listing=False):
    """Return the values of WORKFLOW_COLUMNS for one workflow."""
    tags = workflow.get("tags") or []

    return (
        workflow.get("id"),
        workflow.get("name"),
        workflow.get("namespace"),
        workflow.get("project_id"),
        ", ".join(tags) or NONE_SHOWN,
        _cut(workflow.get("input")) if listing else workflow.get("input"),
        workflow.get("scope"),
        workflow.get("created_at"),
        workflow.get("updated_at"),
    )


def environment_row(environment):
    """Return the values of ENVIRONMENT_COLUMNS; Variables as indented JSON."""
    return (
        environment.get("name"),
        _none_marker_unless_absent(environment, "description"),
        json.dumps(environment.get("variables"), indent=4),
        environment.get("scope"),
        environment.get("created_at"),
        _none_marker_unless_absent(environment, "updated_at"),
    )


def environment_list_row(environment):
    """Return the values of ENVIRONMENT_LIST_COLUMNS for one environment."""
    return (
        environment.get("name"),
        _none_marker_unless_absent(environment, "description"),
        environment.get("scope"),
        environment.get("created_at"),
        _none_marker_unless_absent(environment, "updated_at"),
    )


def _none_marker_unless_absent(environment, field):
    # OpenStack's client shows an empty or null field as <none>, but a field
    # the response leaves out as None: Mistral's response to POST
    # /v2/environments has no updated_at.
    if field not in environment:
        return None
    return environment[field] or NONE_SHOWN


def environment_export_row(environment):
    """Return ENVIRONMENT_EXPORT_COLUMNS' values, in the form environment-create reads."""
    return (
        environment.get("name"),
        environment.get("description"),
        environment.get("scope"),
        json.dumps(environment.get("variables")),
    )


def format_duration(start, end, now=None):
    """Return ``H:MM:SS`` from ``start`` to ``end``, Mistral timestamps.

    Without ``end`` the duration runs to ``now`` (naive UTC, default the
    current time) and ends with ``...``. Without ``start`` it is empty.
    """
    if not start:
        return ""

    started = _parse_timestamp(start)
    if started is None:
        return ""

    if end:
        finished = _parse_timestamp(end)
        return _hours_minutes_seconds(finished - started) if finished else ""

    now = now or datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    return _hours_minutes_seconds(now - started) + "..."


def _hours_minutes_seconds(delta):
    seconds = max(int(delta.total_seconds()), 0)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


def _parse_timestamp(text):
    try:
        return datetime.datetime.strptime(text, TIMESTAMP_FORMAT)
    except (TypeError, ValueError):
        return None


def _cut(text):
    if isinstance(text, str) and len(text) > _LIST_CUT_LENGTH:
        return text[:_LIST_CUT_LENGTH] + "..."
    return text
