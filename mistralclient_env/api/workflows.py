"""Workflows: /v2/workflows."""

from mistralclient_env.api import base


class Workflow(base.Resource):
    """A workflow; ``interface`` decoded. Its ``input`` is the text of its input list, not JSON."""

    json_fields = ("interface",)


class WorkflowManager(base.ResourceManager):
    """Create, read, list and delete workflows."""

    resource_class = Workflow

    def create(self, definition, namespace="", scope="private"):
        """Upload a workflow definition, POST /v2/workflows as text/plain.

        :param definition: the YAML text; one document may define several workflows.
        :param namespace: sent always, empty for the default namespace.
        :param scope: ``private`` or ``public``.
        :returns: a list of the Workflows created.
        :raises BadRequest: the definition is invalid.
        :raises Conflict: a workflow of that name exists in the namespace.
        """
        params = [("scope", scope), ("namespace", namespace)]
        body = self.http.post_text("/workflows", definition, params=params)
        return self._resources(body, "workflows")

    def get(self, identifier, namespace=""):
        """Return one Workflow by name or id, GET /v2/workflows/{id}.

        :raises NotFound: no workflow has that name or id in the namespace.
        """
        path = base.resource_path("workflows", identifier)
        return self._resource(self.http.get(path, params=[("namespace", namespace)]))

    def get_definition(self, identifier, namespace=""):
        """Return the YAML definition text of one workflow.

        :raises NotFound: no workflow has that name or id in the namespace.
        """
        return self.get(identifier, namespace).get("definition") or ""

    def list(
        self,
        marker=None,
        limit=None,
        sort_keys=None,
        sort_dirs=None,
        fields=None,
        namespace=None,
        filters=None,
    ):
        """Return one page of workflows, GET /v2/workflows.

        :param namespace: keep only the workflows of this namespace.
        Other parameters are those of base.list_query.
        """
        all_filters = dict(filters or {})
        if namespace:
            all_filters["namespace"] = namespace

        query = base.list_query(marker, limit, sort_keys, sort_dirs, fields, all_filters)
        return self._resources(self.http.get("/workflows", params=query), "workflows")

    def delete(self, identifier, namespace=None):
        """Delete a workflow by name or id, DELETE /v2/workflows/{id}.

        Executions of the workflow stay readable.

        :raises NotFound: no workflow has that name or id.
        """
        params = [("namespace", namespace)] if namespace else None
        self.http.delete(base.resource_path("workflows", identifier), params=params)
