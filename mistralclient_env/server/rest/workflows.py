"""/v2/workflows: upload, validate, update, read, list and delete workflow definitions (YAML as text/plain)."""

import falcon

from mistralclient_env.server.rest import bodies, listing, serialization
from mistralclient_env.server.rest.pages import send_page


def _scope_and_namespace(req):
    return req.get_param("scope") or "private", req.get_param("namespace") or ""


class Workflows:
    def __init__(self, engine):
        self.engine = engine

    def on_get(self, req, resp):
        query = listing.parse_list_query(req.params, "workflows")
        items = self.engine.list_workflows(query)
        send_page(req, resp, "workflows", items, query, serialization.workflow)

    def on_post(self, req, resp):
        scope, namespace = _scope_and_namespace(req)
        items = self.engine.create_workflows(bodies.read_text(req), namespace=namespace, scope=scope)
        resp.status = falcon.HTTP_201
        resp.media = {"workflows": [serialization.created(serialization.workflow(item)) for item in items]}

    def on_put(self, req, resp):
        scope, namespace = _scope_and_namespace(req)
        items = self.engine.update_workflows(bodies.read_text(req), namespace=namespace, scope=scope)
        resp.media = {"workflows": [serialization.workflow(item) for item in items]}


class WorkflowValidation:
    """``POST /v2/workflows/validate``: check a definition without storing it (`workflow-validate`)."""

    def __init__(self, engine):
        self.engine = engine

    def on_post(self, req, resp):
        resp.media = self.engine.validate_workflows(bodies.read_text(req))


class Workflow:
    def __init__(self, engine):
        self.engine = engine

    def on_get(self, req, resp, identifier):
        _, namespace = _scope_and_namespace(req)
        resp.media = serialization.workflow(self.engine.get_workflow(identifier, namespace))

    def on_put(self, req, resp, identifier):
        scope, namespace = _scope_and_namespace(req)
        items = self.engine.update_workflows(
            bodies.read_text(req), namespace=namespace, scope=scope, identifier=identifier
        )
        resp.media = serialization.workflow(items[0])

    def on_delete(self, req, resp, identifier):
        _, namespace = _scope_and_namespace(req)
        self.engine.delete_workflow(identifier, namespace)
        resp.status = falcon.HTTP_204
