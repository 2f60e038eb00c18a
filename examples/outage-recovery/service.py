#!/usr/bin/env python3
"""A small HTTP service for the outage-recovery demo, standard library only.

It stands for the endpoint a workflow calls with ``std.http``. It listens on
one address, so a workflow that still uses an old address gets "connection
refused", and it accepts one token: the content of the token file, reread
for every request. An operator rotates the token by writing a new one into
that file; the old token gets 401 from the next request on.

    GET /data   with header X-Auth-Token: <token>
                200 {"items": [...]}, or 401 without the current token

Each request is logged on standard error as one line with the method, the
path, the status and whether a token was sent, never the token itself. The
start line ``listening on http://HOST:PORT`` gives a script the port chosen
by ``--port 0``.
"""

import argparse
import hmac
import json
import logging
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = logging.getLogger("outage-recovery-service")

ITEMS = ("alpha", "beta", "gamma")

TOKEN_HEADER = "X-Auth-Token"


def read_token(path):
    """Return the current token: the first line of ``path``, stripped.

    :raises OSError: the file cannot be read.
    :raises ValueError: the file is empty.
    """
    with open(path, encoding="utf-8") as token_file:
        token = token_file.readline().strip()

    if not token:
        raise ValueError(f"token file {path} is empty")
    return token


def make_handler(token_path):
    """Return a request handler class that checks tokens against ``token_path``."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "outage-recovery-service"

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path != "/data":
                self._respond(404, {"error": f"{path} not found: the only resource is GET /data"})
                return

            if not self._token_is_current():
                return

            self._respond(200, {"items": list(ITEMS)})

        def _token_is_current(self):
            sent = self.headers.get(TOKEN_HEADER)

            try:
                current = read_token(token_path)
            except (OSError, ValueError) as error:
                LOG.error("Cannot read the token file: %s", error)
                self._respond(503, {"error": "the service cannot read its token file"})
                return False

            # compare_digest takes the same time wherever the first difference is.
            if sent is None or not hmac.compare_digest(sent.encode("utf-8"), current.encode("utf-8")):
                reason = "missing" if sent is None else "invalid"
                self._respond(401, {"error": f"{reason} {TOKEN_HEADER}"})
                return False

            return True

        def _respond(self, status, body):
            # Logged before the response is sent, so a client that got the
            # response finds the request in the log.
            sent = "sent" if self.headers.get(TOKEN_HEADER) is not None else "not sent"
            LOG.info("%s %s %d (token %s)", self.command, self.path.split("?", 1)[0], status, sent)

            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):
            # _respond logs each request instead, without the request line's query string.
            pass

    return Handler


def build_parser():
    parser = argparse.ArgumentParser(
        description="Serve GET /data to clients that send the token of a token file."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=0, help="TCP port, where 0 picks a free port and logs it (default: 0)"
    )
    parser.add_argument(
        "--token-file",
        required=True,
        metavar="PATH",
        help="file whose first line is the accepted token, reread for every request",
    )
    return parser


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)

    try:
        read_token(args.token_file)
    except (OSError, ValueError) as error:
        LOG.error("Cannot start: %s", error)
        return 1

    server = ThreadingHTTPServer((args.host, args.port), make_handler(args.token_file))
    server.daemon_threads = True
    host, port = server.server_address[:2]
    LOG.info("listening on http://%s:%d", host, port)

    # SIGTERM stops the service like Ctrl-C does, so the socket is closed cleanly.
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)

    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        LOG.info("stopped")

    return 0


if __name__ == "__main__":
    sys.exit(main())
