"""A recording stand-in for the Mistral v2 API on 127.0.0.1, for client tests.

RecordingAPI is a threaded http.server on a free port. Each request is
recorded (method, path, query, headers, body) and gets the next response
queued by ``respond``. With nothing queued it responds 500 with a
Mistral-shaped error naming the request, so a test that sends an
unexpected request fails on it. The ``*_resource`` builders return resources in the
wire form of Mistral v2, JSON-typed fields encoded as JSON strings.
"""

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

EXECUTION_ID = "6b4a6b1e-2a4e-4bd5-9c1a-1f1b0a6f8c01"
WORKFLOW_ID = "0f3c8a2e-7d5b-4c3e-9a8e-2b7d9c4e1a02"
TASK_ID = "c5d7e9f1-3a4b-4c6d-8e0f-1a2b3c4d5e03"
ENVIRONMENT_ID = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c04"

# API root for requests-mock tests. requests-mock responds before any name
# lookup, and the .test domain never resolves if a request escaped it.
MOCKED_API_URL = "http://mistral.test:8989/v2"


class RecordedRequest:
    """One request as the server received it."""

    def __init__(self, method, target, headers, body):
        parts = urlsplit(target)
        self.method = method
        self.path = parts.path
        self.query_string = parts.query
        self.query = parse_qsl(parts.query, keep_blank_values=True)
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


class RecordingAPI:
    """Record requests and respond with queued canned responses."""

    def __init__(self):
        self.requests = []
        self._responses = deque()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self):
        """The API root, ``http://127.0.0.1:PORT/v2``."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v2"

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def respond(self, status=200, body=None, headers=None):
        """Queue the response to the next request.

        ``body`` is a dict or list (sent as JSON), a str (sent as text), or
        None (no body).
        """
        with self._lock:
            self._responses.append((status, body, dict(headers or {})))

    def respond_error(self, status, message, faultcode=None):
        """Queue a Mistral error response with this faultstring."""
        faultcode = faultcode or ("Server" if status >= 500 else "Client")
        self.respond(status, {"faultcode": faultcode, "faultstring": message, "debuginfo": None})

    @property
    def last_request(self):
        return self.requests[-1]

    def _next_response(self, request):
        with self._lock:
            self.requests.append(request)
            if self._responses:
                return self._responses.popleft()

        message = f"No response queued for {request.method} {request.path}"
        return 500, {"faultcode": "Server", "faultstring": message, "debuginfo": None}, {}

    def _handler_class(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _respond(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = RecordedRequest(self.command, self.path, dict(self.headers), body)
                status, response_body, headers = api._next_response(request)

                if isinstance(response_body, (dict, list)):
                    payload = json.dumps(response_body).encode("utf-8")
                    headers.setdefault("Content-Type", "application/json")
                elif isinstance(response_body, str):
                    payload = response_body.encode("utf-8")
                    headers.setdefault("Content-Type", "text/plain")
                else:
                    payload = b""

                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _respond

            def log_message(self, format, *args):
                pass

        return Handler


def execution_resource(**fields):
    """Return an execution in wire form; ``fields`` override the defaults.

    ``params``, ``input`` and ``output`` given as dicts are encoded as JSON
    strings, as Mistral sends them.
    """
    resource = {
        "id": EXECUTION_ID,
        "workflow_id": WORKFLOW_ID,
        "workflow_name": "outage_wf",
        "workflow_namespace": "",
        "description": "",
        "tags": None,
        "params": {"env": {"token": "old"}, "namespace": ""},
        "task_execution_id": None,
        "root_execution_id": None,
        "state": "ERROR",
        "state_info": None,
        "input": {"retries": 3},
        "output": {},
        "created_at": "2026-12-04 19:30:51",
        "updated_at": "2026-12-04 19:31:02",
        "project_id": "<default-project>",
    }
    resource.update(fields)
    return _encode_json_fields(resource, ("params", "input", "output", "published_global"))


def task_resource(**fields):
    """Return a task execution in wire form; ``fields`` override the defaults."""
    resource = {
        "id": TASK_ID,
        "name": "fetch",
        "type": "ACTION",
        "workflow_name": "outage_wf",
        "workflow_namespace": "",
        "workflow_id": WORKFLOW_ID,
        "workflow_execution_id": EXECUTION_ID,
        "tags": None,
        "state": "ERROR",
        "state_info": "Failed to run action [action=std.http]",
        "created_at": "2026-12-04 19:30:52",
        "updated_at": "2026-12-04 19:31:02",
        "started_at": "2026-12-04 19:30:52",
        "finished_at": "2026-12-04 19:31:02",
        "result": {"status": 503},
        "published": {},
        "published_global": {},
        "runtime_context": {"retry_task_policy": {"retry_no": 2}},
        "processed": True,
        "reset": False,
        "env": None,
        "project_id": "<default-project>",
    }
    resource.update(fields)
    return _encode_json_fields(
        resource, ("result", "published", "published_global", "runtime_context")
    )


def workflow_resource(**fields):
    """Return a workflow in wire form; ``fields`` override the defaults."""
    resource = {
        "id": WORKFLOW_ID,
        "name": "outage_wf",
        "namespace": "",
        "input": "retries=3",
        "interface": {"input": [{"retries": 3}], "output": []},
        "definition": "---\nversion: '2.0'\noutage_wf:\n  tasks:\n    fetch:\n      action: std.noop\n",
        "checksum": "1b2c",
        "tags": [],
        "scope": "private",
        "project_id": "<default-project>",
        "created_at": "2026-12-04 19:00:00",
        "updated_at": None,
    }
    resource.update(fields)
    return resource


def environment_resource(**fields):
    """Return a stored environment in wire form; ``fields`` override the defaults."""
    resource = {
        "id": ENVIRONMENT_ID,
        "name": "prod",
        "description": "Production endpoints",
        "variables": {"endpoint": "http://new-host/v1", "token": "s3cr3t"},
        "scope": "private",
        "project_id": "<default-project>",
        "created_at": "2026-12-04 18:00:00",
        "updated_at": None,
    }
    resource.update(fields)
    return _encode_json_fields(resource, ("variables",))


def _encode_json_fields(resource, fields):
    for field in fields:
        if field in resource and not isinstance(resource[field], str) and resource[field] is not None:
            resource[field] = json.dumps(resource[field])
    return resource
