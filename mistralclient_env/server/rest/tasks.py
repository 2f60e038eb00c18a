"""/v2/tasks and /v2/action_executions: read tasks, rerun or skip a task, read action executions."""

from mistralclient_env.server.engine import updates
from mistralclient_env.server.engine.env import json_type_name
from mistralclient_env.server.engine.errors import InvalidInputError
from mistralclient_env.server.engine.query import Filter
from mistralclient_env.server.rest import bodies, listing, serialization
from mistralclient_env.server.rest.pages import send_page

TASK_FIELDS = frozenset({
    "id", "name", "type", "workflow_name", "workflow_namespace", "workflow_id", "workflow_execution_id",
    "tags", "state", "state_info", "project_id", "runtime_context", "result", "published",
    "published_global", "processed", "created_at", "updated_at", "started_at", "finished_at",
    "reset", "env",
})


class Tasks:
    def __init__(self, engine):
        self.engine = engine

    def on_get(self, req, resp):
        query = listing.parse_list_query(req.params, "tasks")
        items = self.engine.list_tasks(query)
        send_page(req, resp, "tasks", items, query, serialization.task)


class Task:
    def __init__(self, engine):
        self.engine = engine

    def on_get(self, req, resp, task_id):
        resp.media = serialization.task(self.engine.get_task(task_id))

    def on_put(self, req, resp, task_id):
        body = bodies.read_json_object(req, TASK_FIELDS, "task")
        state = bodies.optional_string(body, "state")
        reset = bodies.optional_bool(body, "reset")
        env = body.get("env")
        if env is not None and not isinstance(env, (str, dict)):
            raise InvalidInputError(
                f"Invalid env: expected a JSON object (mapping) of variables, received {json_type_name(env)}."
            )
        if isinstance(env, str) and env.strip():
            env = self._decode_env_text(task_id, env)

        item = self.engine.update_task(
            task_id,
            state,
            reset=updates.MISSING if reset is None else reset,
            env=env,
            name=bodies.optional_string(body, "name"),
            workflow_name=bodies.optional_string(body, "workflow_name"),
        )
        resp.media = serialization.task(item)


    def _decode_env_text(self, task_id, text):
        """Decode env sent as JSON text (OpenStack's client form) strictly.

        An unknown task is still a 404 first. A text that decodes to
        something other than a mapping is passed on as it is, so the engine
        names the type received.
        """
        self.engine.get_task(task_id)
        value = bodies.decode_json_text("env", text)
        return value if isinstance(value, dict) else text


class ActionExecutions:
    """``GET /v2/action_executions`` and ``GET /v2/tasks/{id}/action_executions``."""

    def __init__(self, engine):
        self.engine = engine

    def on_get(self, req, resp, task_id=None):
        query = listing.parse_list_query(req.params, "action_executions")
        items = self.engine.list_action_executions(query, task_id=task_id)
        parent = (Filter("task_execution_id", "eq", task_id),) if task_id else ()
        send_page(req, resp, "action_executions", items, query, serialization.action_execution,
                  extra_filters=parent)


class ActionExecution:
    def __init__(self, engine):
        self.engine = engine

    def on_get(self, req, resp, action_execution_id):
        resp.media = serialization.action_execution(self.engine.get_action_execution(action_execution_id))
