"""/v2/executions: start, read, list, update and delete workflow executions.

An update (PUT) reads ``params.env`` only, as Mistral does. Mistral ignores
the other keys of ``params`` silently; here they are accepted only with the
values the execution already has (so a client may send back the params it
read), and any other key or value is a 400 that names the key, as an unknown
top-level attribute is.
"""

import falcon

from mistralclient_env.server.engine.env import merge_env
from mistralclient_env.server.engine.errors import InvalidInputError
from mistralclient_env.server.engine.query import Filter
from mistralclient_env.server.rest import bodies, listing, serialization
from mistralclient_env.server.rest.pages import send_page

EXECUTION_FIELDS = frozenset({
    "id", "workflow_id", "workflow_name", "workflow_namespace", "description", "tags", "params",
    "task_execution_id", "root_execution_id", "source_execution_id", "state", "state_info", "input",
    "output", "created_at", "updated_at", "project_id", "published_global",
})


class Executions:
    def __init__(self, engine):
        self.engine = engine

    def on_get(self, req, resp):
        query = listing.parse_list_query(req.params, "executions")
        items = self.engine.list_executions(query)
        send_page(req, resp, "executions", items, query, serialization.execution)

    def on_post(self, req, resp):
        body = bodies.read_json_object(req, EXECUTION_FIELDS, "execution")
        workflow_id = bodies.optional_string(body, "workflow_id")
        workflow_name = bodies.optional_string(body, "workflow_name")
        namespace = bodies.optional_string(body, "workflow_namespace")
        workflow_input = bodies.json_mapping(body, "input")
        params = bodies.json_mapping(body, "params")
        description = bodies.optional_string(body, "description") or ""

        # `execution-create -s ID` starts the workflow of another execution
        # again: what the request leaves out comes from that execution.
        source_id = bodies.optional_string(body, "source_execution_id")
        if source_id:
            source = self.engine.get_execution(source_id)
            if not (workflow_id or workflow_name):
                workflow_id = source["workflow_id"]
                namespace = namespace or source["workflow_namespace"]
            workflow_input = merge_env(source["input"] or {}, workflow_input or {})
            params = merge_env(source["params"] or {}, params or {})
            description = f"{description} Based on the execution '{source_id}'".strip()

        if not (workflow_id or workflow_name):
            raise InvalidInputError(
                "Give workflow_id or workflow_name of the workflow to start, or source_execution_id "
                "of an execution to start again."
            )

        item = self.engine.create_execution(
            workflow_id or workflow_name,
            namespace=namespace or "",
            input=workflow_input,
            params=params,
            description=description,
        )
        resp.status = falcon.HTTP_201
        resp.media = serialization.execution(item)


class Execution:
    def __init__(self, engine):
        self.engine = engine

    def on_get(self, req, resp, execution_id):
        item = self.engine.get_execution(execution_id)
        resp.media = serialization.execution(item, published_global=True)

    def on_put(self, req, resp, execution_id):
        body = bodies.read_json_object(req, EXECUTION_FIELDS, "execution")
        state = bodies.optional_string(body, "state")
        description = bodies.optional_string(body, "description")
        state_info = bodies.optional_string(body, "state_info")
        params = bodies.json_mapping(body, "params") or {}
        env = params.get("env")
        self._check_fixed_params(execution_id, params)

        item = self.engine.update_execution(
            execution_id, state=state, description=description, env=env, state_info=state_info
        )

        given = {name for name, value in (("state", state), ("description", description), ("env", env)) if value}
        resp.media = serialization.execution_update(item, given)

    def _check_fixed_params(self, execution_id, params):
        """Reject keys of params other than env unless they equal the stored ones; 404 for an unknown id."""
        given = [key for key in params if key != "env"]
        if not given:
            return

        stored = self.engine.get_execution(execution_id)["params"] or {}
        changed = [key for key in given if key not in stored or stored[key] != params[key]]
        if changed:
            names = ", ".join(f"params.{_shorten(key)}" for key in changed)
            raise InvalidInputError(
                f"Invalid params: {names} cannot be set by an update, which changes only params.env. "
                "Leave the other keys of params out, or give them with the values the execution has."
            )

    def on_delete(self, req, resp, execution_id):
        self.engine.delete_execution(execution_id, force=bodies.query_bool(req, "force"))
        resp.status = falcon.HTTP_204


class ExecutionTasks:
    def __init__(self, engine):
        self.engine = engine

    def on_get(self, req, resp, execution_id):
        query = listing.parse_list_query(req.params, "tasks")
        items = self.engine.list_tasks(query, execution_id=execution_id)
        parent = (Filter("workflow_execution_id", "eq", execution_id),)
        send_page(req, resp, "tasks", items, query, serialization.task, extra_filters=parent)


class SubExecutions:
    """``GET /v2/executions/{id}/executions`` and ``GET /v2/tasks/{id}/executions``."""

    def __init__(self, engine):
        self.engine = engine

    def on_get(self, req, resp, execution_id=None, task_id=None):
        include_output = bodies.query_bool(req, "include_output")
        items = self.engine.list_sub_executions(
            execution_id=execution_id,
            task_id=task_id,
            errors_only=bodies.query_bool(req, "errors_only"),
            max_depth=bodies.query_int(req, "max_depth", -1),
            include_output=include_output,
        )
        resp.media = {"executions": [serialization.execution(item) for item in items]}


class TaskWorkflowExecutions:
    """``GET /v2/tasks/{id}/workflow_executions``: the sub-workflow executions a task started."""

    def __init__(self, engine):
        self.engine = engine

    def on_get(self, req, resp, task_id):
        self.engine.get_task(task_id)
        query = listing.parse_list_query(req.params, "executions")
        parent = (Filter("task_execution_id", "eq", task_id),)
        items = self.engine.list_executions(query, extra_filters=parent)
        send_page(req, resp, "executions", items, query, serialization.execution, extra_filters=parent)


def _shorten(key, length=60):
    return key if len(key) <= length else key[:length] + "..."
