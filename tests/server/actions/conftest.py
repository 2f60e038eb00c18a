"""A real HTTP server on 127.0.0.1 for std.http tests, started per test."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest


class _TestServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


class _Handler(BaseHTTPRequestHandler):
    """Routes: /json, /text, /echo, /status/<code>, /redirect, /slow, /big."""

    def do_GET(self):
        self._route()

    def do_POST(self):
        self._route()

    def do_PUT(self):
        self._route()

    def log_message(self, format, *args):
        pass

    def _route(self):
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        self.server.requests.append(
            {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
        )

        if path == "/json":
            query = {key: values[0] for key, values in parse_qs(urlsplit(self.path).query).items()}
            self._send_json(200, {"ok": True, "query": query})
        elif path == "/text":
            self._send(200, b"plain words", "text/plain; charset=utf-8")
        elif path == "/echo":
            self._send_json(200, {"method": self.command, "body": body, "headers": dict(self.headers)})
        elif path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            self._send_json(code, {"error": f"status {code}"})
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/json")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/slow":
            self.server.release.wait(10)
            self._send_json(200, {"late": True})
        elif path == "/big":
            self._send(200, b"x" * 4096, "application/octet-stream")
        else:
            self._send_json(404, {"error": "no route"})

    def _send_json(self, status, payload):
        self._send(status, json.dumps(payload).encode("utf-8"), "application/json")

    def _send(self, status, data, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class LocalHTTPServer:
    def __init__(self, server):
        self._server = server
        self.url = f"http://127.0.0.1:{server.server_address[1]}"

    @property
    def requests(self):
        return self._server.requests

    def release(self):
        """Let the requests that wait at /slow get their response."""
        self._server.release.set()


@pytest.fixture
def http_server():
    server = _TestServer(("127.0.0.1", 0), _Handler)
    server.requests = []
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()

    yield LocalHTTPServer(server)

    server.release.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def closed_port():
    """Return a port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
