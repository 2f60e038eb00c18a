"""Stored environments: /v2/environments."""

from mistralclient_env.api import base, wire


class Environment(base.Resource):
    """A stored environment; ``variables`` decoded."""

    json_fields = ("variables",)


class EnvironmentManager(base.ResourceManager):
    """Create, read, list, update and delete stored environments."""

    resource_class = Environment

    def create(self, name, variables, description=None, scope="private"):
        """Store a named environment, POST /v2/environments.

        :param variables: mapping, sent as a JSON-encoded string.
        :param description: sent when not None.
        :param scope: ``private`` or ``public``.
        :returns: the new Environment.
        :raises Conflict: an environment of that name exists.
        """
        body = {"name": name}
        if description is not None:
            body["description"] = description
        body["variables"] = wire.environment_variables(variables)
        body["scope"] = scope

        return self._resource(self.http.post_json("/environments", body))

    def get(self, name):
        """Return one Environment by name, GET /v2/environments/{name}.

        :raises NotFound: no environment has that name.
        """
        return self._resource(self.http.get(base.resource_path("environments", name)))

    def list(self, marker=None, limit=None, sort_keys=None, sort_dirs=None, fields=None, filters=None):
        """Return one page of environments, GET /v2/environments.

        Parameters are those of base.list_query.
        """
        query = base.list_query(marker, limit, sort_keys, sort_dirs, fields, filters)
        return self._resources(self.http.get("/environments", params=query), "environments")

    def update(self, name, variables=None, description=None, scope=None):
        """Change a stored environment, PUT /v2/environments (name in the body).

        ``variables`` replaces the stored variables as a whole (no merge).
        Only the arguments that are not None are sent.

        :returns: the updated Environment.
        :raises NotFound: no environment has that name.
        """
        body = {"name": name}
        if description is not None:
            body["description"] = description
        if variables is not None:
            body["variables"] = wire.environment_variables(variables)
        if scope is not None:
            body["scope"] = scope

        return self._resource(self.http.put_json("/environments", body))

    def delete(self, name):
        """Delete a stored environment, DELETE /v2/environments/{name}.

        Executions started with it keep their copy of the variables.

        :raises NotFound: no environment has that name.
        """
        self.http.delete(base.resource_path("environments", name))
