"""/v2/environments: stored environments, addressed by name."""

import falcon

from mistralclient_env.server.engine.errors import InvalidInputError
from mistralclient_env.server.rest import bodies, listing, serialization
from mistralclient_env.server.rest.pages import send_page

ENVIRONMENT_FIELDS = frozenset({
    "id", "name", "description", "variables", "scope", "project_id", "created_at", "updated_at",
})


def _read(req):
    body = bodies.read_json_object(req, ENVIRONMENT_FIELDS, "environment")
    name = bodies.optional_string(body, "name")
    if not name:
        raise InvalidInputError("The name of the environment is required.")
    return body, name


class Environments:
    def __init__(self, engine):
        self.engine = engine

    def on_get(self, req, resp):
        query = listing.parse_list_query(req.params, "environments")
        items = self.engine.list_environments(query)
        send_page(req, resp, "environments", items, query, serialization.environment)

    def on_post(self, req, resp):
        body, name = _read(req)
        item = self.engine.create_environment(
            name,
            bodies.json_mapping(body, "variables") or {},
            description=bodies.optional_string(body, "description"),
            scope=bodies.optional_string(body, "scope") or "private",
        )
        resp.status = falcon.HTTP_201
        resp.media = serialization.created(serialization.environment(item))

    def on_put(self, req, resp):
        body, name = _read(req)
        changes = {}
        if "description" in body:
            changes["description"] = bodies.optional_string(body, "description")
        if body.get("variables") is not None:
            changes["variables"] = bodies.json_mapping(body, "variables") or {}
        if body.get("scope") is not None:
            changes["scope"] = bodies.optional_string(body, "scope")
        resp.media = serialization.environment(self.engine.update_environment(name, **changes))


class Environment:
    def __init__(self, engine):
        self.engine = engine

    def on_get(self, req, resp, name):
        resp.media = serialization.environment(self.engine.get_environment(name))

    def on_delete(self, req, resp, name):
        self.engine.delete_environment(name)
        resp.status = falcon.HTTP_204
