"""The WSGI application: routes of Mistral's v2 API and errors in Mistral's format.

``create_app(engine)`` builds the Falcon app around an Engine. Every error
answer has the body ``{"faultcode", "faultstring", "debuginfo": null}``:
engine errors get their status from ``ERROR_STATUS``, Falcon's own errors
(unknown route 404, wrong method 405) keep theirs, and any other exception
is logged with its traceback and answered with an opaque 500.
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
from mistralclient_env.server.rest import environments, executions, root, tasks, workflows
from mistralclient_env.server.rest.serialization import error_body

LOG = logging.getLogger(__name__)

ERROR_STATUS = (
    (NotFoundError, 404),
    (ConflictError, 409),
    (StateForbidsError, 403),
    (InvalidInputError, 400),
    (EngineError, 400),
)
"""Engine error classes and their HTTP status; the first class that matches wins."""

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def create_app(engine):
    app = falcon.App(middleware=[_AccessLog()])
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
    # Engine messages name ids, states and env keys, never env values.
    LOG.info("%s %s rejected with %d: %s", req.method, req.path, status, error)
    resp.status = falcon.code_to_http_status(status)
    resp.media = error_body(status, str(error))


def _handle_unexpected_error(req, resp, error, params):
    if isinstance(error, falcon.HTTPError):
        raise error

    ids = ", ".join(_UUID.findall(req.path)) or "none"
    LOG.error("Unexpected error in %s %s (ids: %s):\n%s", req.method, req.path, ids, describe_exception(error))
    resp.status = falcon.HTTP_500
    resp.media = error_body(500, "Internal server error. The server log has the details of this request.")


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
