"""The WSGI application: routes of Mistral's v2 API and errors in Mistral's format.

``create_app(engine)`` builds the Falcon app around an Engine. Every error
response has the body ``{"faultcode", "faultstring", "debuginfo": null}``:
engine errors get their status from ``ERROR_STATUS``, Falcon's own errors
(unknown route 404, wrong method 405) keep theirs, and any other exception
is logged with its traceback and answered with an opaque 500.

A rejected request is logged with its status, the error class and the ids
in its path, never with the message: messages quote names, query values
and parts of the body that may be secrets.
"""

import logging
import re
import time

import falcon

from mistralclient_env.server.engine.errors import (
    ConflictError,
    EngineError,
    InvalidInputError,
    NotFoundError,
    StateForbidsError,
)
from mistralclient_env.server.engine.tracebacks import describe_exception
from mistralclient_env.server.rest import bodies, environments, executions, root, tasks, workflows
from mistralclient_env.server.rest.serialization import error_body

LOG = logging.getLogger(__name__)

ERROR_STATUS = (
    (bodies.BodyTooLargeError, 413),
    (NotFoundError, 404),
    (ConflictError, 409),
    (StateForbidsError, 403),
    (InvalidInputError, 400),
    (EngineError, 400),
)
"""Engine error classes and their HTTP status; the first class that matches wins."""

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def create_app(engine, max_body_size=bodies.DEFAULT_MAX_BODY_SIZE):
    """Return the WSGI app; a request body over ``max_body_size`` bytes is rejected with 413 unread."""
    app = falcon.App(middleware=[_AccessLog(), _BodySizeLimit(max_body_size)])
    app.req_options.strip_url_path_trailing_slash = True

    _add_routes(app, engine)

    app.add_error_handler(EngineError, _handle_engine_error)
    app.add_error_handler(Exception, _handle_unexpected_error)
    app.set_error_serializer(_serialize_http_error)
    return app


def _add_routes(app, engine):
    app.add_route("/", root.Root())
    app.add_route("/v2", root.Version())

    app.add_route("/v2/workflows", workflows.Workflows(engine))
    app.add_route("/v2/workflows/validate", workflows.WorkflowValidation(engine))
    app.add_route("/v2/workflows/{identifier}", workflows.Workflow(engine))

    app.add_route("/v2/executions", executions.Executions(engine))
    app.add_route("/v2/executions/{execution_id}", executions.Execution(engine))
    app.add_route("/v2/executions/{execution_id}/tasks", executions.ExecutionTasks(engine))
    app.add_route("/v2/executions/{execution_id}/executions", executions.SubExecutions(engine))

    app.add_route("/v2/tasks", tasks.Tasks(engine))
    app.add_route("/v2/tasks/{task_id}", tasks.Task(engine))
    app.add_route("/v2/tasks/{task_id}/action_executions", tasks.ActionExecutions(engine))
    app.add_route("/v2/tasks/{task_id}/executions", executions.SubExecutions(engine))
    app.add_route("/v2/tasks/{task_id}/workflow_executions", executions.TaskWorkflowExecutions(engine))

    app.add_route("/v2/action_executions", tasks.ActionExecutions(engine))
    app.add_route("/v2/action_executions/{action_execution_id}", tasks.ActionExecution(engine))

    app.add_route("/v2/environments", environments.Environments(engine))
    app.add_route("/v2/environments/{name}", environments.Environment(engine))


def status_of(error):
    for error_class, status in ERROR_STATUS:
        if isinstance(error, error_class):
            return status
    return 500


def _handle_engine_error(req, resp, error, params):
    status = status_of(error)
    LOG.info("%s %s rejected with %d (%s; ids: %s)", req.method, req.path, status, type(error).__name__,
             _ids_in(req.path))
    resp.status = falcon.code_to_http_status(status)
    resp.media = error_body(status, str(error))


def _handle_unexpected_error(req, resp, error, params):
    if isinstance(error, falcon.HTTPError):
        raise error

    if isinstance(error, RecursionError):
        # Input nested deeper than a recursive step can follow, such as a
        # deeply nested YAML definition; JSON bodies are rejected earlier with
        # a precise message. The traceback would be thousands of lines long.
        LOG.warning("%s %s rejected with 400 (RecursionError; ids: %s): the request is nested too deeply",
                    req.method, req.path, _ids_in(req.path))
        resp.status = falcon.HTTP_400
        resp.media = error_body(400, "The request is nested too deeply for this server to process it: "
                                     "send lists and mappings nested fewer levels deep.")
        return

    LOG.error("Unexpected error in %s %s (ids: %s):\n%s", req.method, req.path, _ids_in(req.path),
              describe_exception(error))
    resp.status = falcon.HTTP_500
    resp.media = error_body(500, "Internal server error. The server log has the details of this request.")


def _ids_in(path):
    return ", ".join(_UUID.findall(path)) or "none"


def _serialize_http_error(req, resp, error):
    if error.status_code == 404:
        message = f"Resource not found: {req.method} {req.path}"
    elif error.status_code == 405:
        message = f"Method {req.method} is not allowed on {req.path}."
    else:
        message = error.description or error.title

    LOG.info("%s %s answered %d", req.method, req.path, error.status_code)
    resp.content_type = falcon.MEDIA_JSON
    resp.media = error_body(error.status_code, message)


class _AccessLog:
    """Log one DEBUG line per request: method, path, status and time.

    The query string is left out: filters may quote values.
    """

    def process_request(self, req, resp):
        req.context.started = time.monotonic()

    def process_response(self, req, resp, resource, req_succeeded):
        started = getattr(req.context, "started", None)
        elapsed = (time.monotonic() - started) * 1000 if started is not None else 0.0
        LOG.debug("%s %s %s %.1f ms", req.method, req.path, resp.status, elapsed)


class _BodySizeLimit:
    """Reject with 413 a request whose Content-Length exceeds the limit, before anything reads the body.

    The limit is also kept in ``req.context.max_body_size`` for the body
    readers, which check a body sent without Content-Length while reading it.
    """

    def __init__(self, max_body_size):
        self.max_body_size = max_body_size

    def process_request(self, req, resp):
        req.context.max_body_size = self.max_body_size
        bodies.check_body_size(req)
