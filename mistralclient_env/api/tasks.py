"""Task executions: /v2/tasks."""

from mistralclient_env.api import base, wire


class Task(base.Resource):
    """A task execution; ``result``, ``published`` and ``runtime_context`` decoded."""

    json_fields = ("result", "published", "published_global", "runtime_context")


class TaskManager(base.ResourceManager):
    """Read, list and rerun task executions."""

    resource_class = Task

    def get(self, task_id):
        """Return one Task, GET /v2/tasks/{id}.

        :raises NotFound: no task execution has that id.
        """
        return self._resource(self.http.get(base.resource_path("tasks", task_id)))

    def list(
        self,
        execution_id=None,
        marker=None,
        limit=None,
        sort_keys=None,
        sort_dirs=None,
        fields=None,
        filters=None,
    ):
        """Return one page of tasks, of every execution or of one.

        GET /v2/tasks, or GET /v2/executions/{id}/tasks when
        ``execution_id`` is given. Other parameters are those of
        base.list_query.
        """
        path = "/tasks"
        if execution_id:
            path = base.resource_path("executions", execution_id) + "/tasks"

        query = base.list_query(marker, limit, sort_keys, sort_dirs, fields, filters)
        return self._resources(self.http.get(path, params=query), "tasks")

    def rerun(self, task_id, reset=True, env=None):
        """Rerun a task in ERROR, PUT /v2/tasks/{id} with state RUNNING.

        :param reset: True reruns the whole task; False (the CLI's
            ``--resume``) reruns only the failed iterations of a with-items task.
        :param env: mapping deep-merged into the execution's env before the
            rerun; sent as a JSON-encoded string, and not sent when empty.
        :returns: the Task in the server's response.
        :raises BadRequest: the task is not in ERROR, or ``reset`` is False
            for a task without with-items.
        :raises Forbidden: env was given and the execution's state forbids
            an env change.
        :raises NotFound: no task execution has that id.
        """
        body = {"id": task_id, "state": "RUNNING", "reset": reset}
        if env:
            body["env"] = wire.task_rerun_env(env)

        return self._resource(self.http.put_json(base.resource_path("tasks", task_id), body))
