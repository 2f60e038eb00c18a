"""Workflow executions: /v2/executions."""

from mistralclient_env.api import base, wire


class Execution(base.Resource):
    """A workflow execution; ``params``, ``input``, ``output`` and ``published_global`` decoded."""

    json_fields = ("params", "input", "output", "published_global")


class ExecutionManager(base.ResourceManager):
    """Create, read, list, update and delete workflow executions."""

    resource_class = Execution

    def create(self, workflow, workflow_input=None, params=None, description="", namespace=""):
        """Start an execution of a workflow, POST /v2/executions.

        :param workflow: the workflow's name, or its id when it is a UUID.
        :param workflow_input: mapping of workflow input; sent when not empty.
        :param params: mapping of execution parameters (``env``,
            ``evaluate_env``...); sent when not empty.
        :param description: sent always, as OpenStack's client does.
        :param namespace: the workflow's namespace; sent when not empty.
        :returns: the new Execution.
        :raises APIError: the server rejected the request.
        """
        body = {"description": description}

        if base.is_uuid(workflow):
            body["workflow_id"] = workflow
        else:
            body["workflow_name"] = workflow

        if namespace:
            body["workflow_namespace"] = namespace
        if workflow_input:
            body["input"] = wire.execution_create_input(workflow_input)
        if params:
            body["params"] = wire.execution_create_params(params)

        return self._resource(self.http.post_json("/executions", body))

    def get(self, execution_id):
        """Return one Execution, GET /v2/executions/{id}.

        :raises NotFound: no execution has that id.
        """
        return self._resource(self.http.get(base.resource_path("executions", execution_id)))

    def list(
        self,
        task=None,
        marker=None,
        limit=None,
        sort_keys=None,
        sort_dirs=None,
        fields=None,
        nulls=None,
        filters=None,
    ):
        """Return one page of executions, GET /v2/executions.

        :param task: keep the sub-executions started by this task execution id.
        :param nulls: field name(s) that must be null, such as
            ``root_execution_id`` for root executions only.
        :param filters: mapping of field to ``value`` or ``op:value``.
        Other parameters are those of base.list_query.
        """
        all_filters = {}
        if nulls:
            all_filters["nulls"] = base.comma_join(nulls)
        all_filters.update(filters or {})
        if task:
            all_filters["task_execution_id"] = task

        query = base.list_query(marker, limit, sort_keys, sort_dirs, fields, all_filters)
        return self._resources(self.http.get("/executions", params=query), "executions")

    def update(self, execution_id, state=None, description=None, env=None):
        """Change an execution's state, description or env, PUT /v2/executions/{id}.

        Only the arguments given are sent. An empty or None ``env`` is not
        sent. The server deep-merges ``env`` into the execution's env. It
        allows that only while the execution is IDLE, PAUSED or ERROR, or
        together with state RUNNING to resume a paused execution.

        :returns: the updated Execution.
        :raises BadRequest: nothing to update, or a combination the server
            rejects (description with state, env with a state other than RUNNING).
        :raises Forbidden: the execution's state forbids an env change.
        :raises NotFound: no execution has that id.
        """
        body = {}

        if state:
            body["state"] = state
        if description:
            body["description"] = description
        if env:
            body["params"] = wire.execution_update_params(env)

        path = base.resource_path("executions", execution_id)
        return self._resource(self.http.put_json(path, body))

    def delete(self, execution_id, force=False):
        """Delete an execution and its tasks, DELETE /v2/executions/{id}.

        :param force: also delete an unfinished execution (``?force=True``).
        :raises Forbidden: the execution is unfinished and force is false.
        :raises NotFound: no execution has that id.
        """
        params = [("force", "True")] if force else None
        self.http.delete(base.resource_path("executions", execution_id), params=params)
