"""Plain-dict views of the database rows, as the Engine facade returns them.

Values stay Python values (dicts, lists, datetimes); the REST layer encodes
them for the wire. Heavy fields (an execution's output, a task's result, an
action execution's output) are read only when asked for, because reading a
deferred column costs a query per row.
"""

_EXECUTION_FIELDS = (
    "id",
    "workflow_id",
    "workflow_name",
    "workflow_namespace",
    "description",
    "tags",
    "params",
    "task_execution_id",
    "root_execution_id",
    "state",
    "state_info",
    "input",
    "created_at",
    "updated_at",
    "project_id",
)

_TASK_FIELDS = (
    "id",
    "name",
    "type",
    "workflow_name",
    "workflow_namespace",
    "workflow_id",
    "workflow_execution_id",
    "tags",
    "state",
    "state_info",
    "project_id",
    "runtime_context",
    "published",
    "processed",
    "created_at",
    "updated_at",
    "started_at",
    "finished_at",
)

_ACTION_EXECUTION_FIELDS = (
    "id",
    "name",
    "workflow_name",
    "workflow_namespace",
    "task_name",
    "task_execution_id",
    "state",
    "state_info",
    "tags",
    "description",
    "project_id",
    "accepted",
    "input",
    "created_at",
    "updated_at",
)

_WORKFLOW_FIELDS = (
    "id",
    "name",
    "namespace",
    "input",
    "interface",
    "definition",
    "checksum",
    "tags",
    "scope",
    "project_id",
    "created_at",
    "updated_at",
)

_ENVIRONMENT_FIELDS = (
    "id",
    "name",
    "description",
    "variables",
    "scope",
    "project_id",
    "created_at",
    "updated_at",
)


def _copy(row, names):
    return {name: getattr(row, name) for name in names}


def execution_dict(execution, *, output=True):
    view = _copy(execution, _EXECUTION_FIELDS)
    if output:
        view["output"] = execution.output
    return view


def task_dict(task, *, result=True):
    view = _copy(task, _TASK_FIELDS)
    if result:
        view["result"] = task.result
    return view


def action_execution_dict(action_execution, *, output=True):
    view = _copy(action_execution, _ACTION_EXECUTION_FIELDS)
    if output:
        view["output"] = action_execution.output
    return view


def workflow_dict(workflow):
    return _copy(workflow, _WORKFLOW_FIELDS)


def environment_dict(environment):
    return _copy(environment, _ENVIRONMENT_FIELDS)


def task_expression_view(task):
    """Return what ``task()`` and ``task(name)`` give an expression."""
    return {
        "id": task.id,
        "name": task.name,
        "state": task.state,
        "state_info": task.state_info,
        "result": task.result,
        "published": task.published or {},
    }


def execution_expression_view(execution):
    """Return what ``execution()`` gives an expression."""
    return {
        "id": execution.id,
        "name": execution.workflow_name,
        "workflow_name": execution.workflow_name,
        "workflow_id": execution.workflow_id,
        "description": execution.description,
        "input": execution.input or {},
        "params": execution.params or {},
        "state": execution.state,
        "state_info": execution.state_info,
        "task_execution_id": execution.task_execution_id,
        "root_execution_id": execution.root_execution_id,
        "created_at": execution.created_at,
        "updated_at": execution.updated_at,
    }
