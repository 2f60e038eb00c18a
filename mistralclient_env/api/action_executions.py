"""Action executions: /v2/action_executions, the attempts of each task execution."""

from mistralclient_env.api import base


class ActionExecution(base.Resource):
    """One run of an action for a task execution; ``input`` and ``output`` decoded.

    ``accepted`` is false for an attempt whose result the task did not keep,
    such as the failed attempt before a rerun.
    """

    json_fields = ("input", "output")


class ActionExecutionManager(base.ResourceManager):
    """List action executions."""

    resource_class = ActionExecution

    def list(
        self,
        task_execution_id=None,
        marker=None,
        limit=None,
        sort_keys=None,
        sort_dirs=None,
        fields=None,
        filters=None,
    ):
        """Return one page of action executions, of every task or of one.

        GET /v2/action_executions, or GET /v2/tasks/{id}/action_executions
        when ``task_execution_id`` is given. Other parameters are those of
        base.list_query. Items carry the action's ``input`` unless
        ``fields`` leaves it out, and that input may hold env values.

        :raises NotFound: the marker names no action execution.
        """
        path = "/action_executions"
        if task_execution_id:
            path = base.resource_path("tasks", task_execution_id) + "/action_executions"

        query = base.list_query(marker, limit, sort_keys, sort_dirs, fields, filters)
        return self._resources(self.http.get(path, params=query), "action_executions")
