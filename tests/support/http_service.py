"""A small HTTP service on 127.0.0.1 that responds only to the current token at its current address.

It stands for the endpoint a workflow calls with ``std.http``. Two things go
stale the way they do in production: ``move()`` closes the listening port and
opens another one (the old endpoint refuses connections, as after an
outage), and ``rotate_token()`` makes the old token invalid (401), as after
credentials expire. ``requests`` records each request's method, path and
whether its token was valid, so a test can tell whether a task ran again.

The token is read from the ``X-Auth-Token`` header. ``GET /data`` answers
``{"items": [...], "path": ...}`` and ``POST /echo`` answers the JSON body it
received.
"""

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LocalService:
    def __init__(self, items=("alpha", "beta")):
        self.items = list(items)
        self.token = secrets.token_hex(8)
        self.requests = []
        self._lock = threading.Lock()
        self._server = None
        self._thread = None

    @property
    def url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def move(self):
        """Listen on a new port; the old URL refuses connections from now on."""
        self.stop()
        return self.start()

    def rotate_token(self):
        """Issue a new token; the old one gets 401 from now on. Returns the new token."""
        self.token = secrets.token_hex(8)
        return self.token

    def count(self, path=None, valid=None):
        with self._lock:
            return sum(
                1 for request in self.requests
                if (path is None or request["path"] == path) and (valid is None or request["valid"] == valid)
            )

    def _record(self, method, path, valid):
        with self._lock:
            self.requests.append({"method": method, "path": path, "valid": valid})

    def _handler_class(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status, body):
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorized(self):
                valid = self.headers.get("X-Auth-Token") == service.token
                service._record(self.command, self.path.split("?")[0], valid)
                if not valid:
                    self._answer(401, {"error": "invalid or missing X-Auth-Token"})
                return valid

            def do_GET(self):
                if not self._authorized():
                    return
                if self.path.split("?")[0] == "/data":
                    self._answer(200, {"items": service.items, "path": self.path})
                else:
                    self._answer(404, {"error": "not found"})

            def do_POST(self):
                if not self._authorized():
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"null")
                self._answer(200, {"received": body})

            def log_message(self, format, *args):
                pass

        return Handler
