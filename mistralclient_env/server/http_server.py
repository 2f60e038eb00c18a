"""The HTTP server under the WSGI app: waitress, with its own error responses in Mistral's format.

Waitress reads a whole request before it calls the app, so the body size
limit is also given to waitress: a request whose Content-Length is over the
limit is rejected with 413 as soon as its headers are read, without reading
the body, and a chunked body is cut off once it passes the limit. Waitress's
own error responses (413, a malformed request line or header, an unknown
Transfer-Encoding) get Mistral's JSON error body here instead of waitress's
text page. They never quote the request, whose headers may carry a token.
"""

import json
import logging

import waitress
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer
from waitress.task import ErrorTask

from mistralclient_env.server.rest.bodies import BodyTooLargeError
from mistralclient_env.server.rest.serialization import error_body

LOG = logging.getLogger(__name__)

_MESSAGES = {
    400: "The HTTP request is malformed: its request line, a header or its Content-Length cannot be read.",
    431: "The request headers are larger than this server accepts.",
    501: "The request uses a Transfer-Encoding that this server does not support: send the body with a "
         "Content-Length.",
}


def create_server(app, host, port, threads, max_body_size, ident="mistral-env-server"):
    """Return a waitress server for ``app`` that accepts bodies of at most ``max_body_size`` bytes.

    The server listens once this returns; ``run()`` serves until stopped.
    """
    socket_map = {}

    # Waitress rejects a body of max_request_body_size bytes or more.
    server = waitress.create_server(
        app, map=socket_map, host=host, port=port, threads=threads, ident=ident,
        max_request_body_size=max_body_size + 1,
    )

    for dispatcher in socket_map.values():
        if isinstance(dispatcher, BaseWSGIServer):
            dispatcher.channel_class = _MistralChannel

    return server


class _MistralErrorTask(ErrorTask):
    """Waitress's response to a request it cannot pass to the app, with Mistral's JSON error body."""

    def execute(self):
        error = self.request.error

        if error.code == 413:
            declared = self.request.content_length or None
            max_size = self.channel.server.adj.max_request_body_size - 1
            message = str(BodyTooLargeError(declared, max_size))
        else:
            message = _MESSAGES.get(error.code, f"{error.reason}.")

        LOG.info("A request was rejected by the HTTP server with %d %s", error.code, error.reason)

        body = json.dumps(error_body(error.code, message)).encode("utf-8")
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _MistralChannel(HTTPChannel):
    error_task_class = _MistralErrorTask
