"""The std.http action: one HTTP request with requests.

Parameters follow Mistral's std.http: ``url``, ``method`` (GET), ``params``,
``body``, ``json``, ``headers``, ``cookies``, ``auth``, ``timeout``,
``allow_redirects``, ``proxies`` and ``verify``. The result is
``{"content", "status", "headers", "url", "reason", "encoding", "elapsed"}``
with ``elapsed`` in seconds and ``content`` decoded from JSON when the body
is JSON, else text.

Error messages and logs show the method and the URL without its query
string and credentials, and never header values, cookies or the body,
because those carry tokens.
"""

import json
import logging
import socket
import ssl
import threading
from urllib.parse import urlsplit

import requests

from mistralclient_env.server.actions.errors import ActionCancelledError, ActionError

LOG = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 60.0
"""Seconds to wait for the connection and for each read when ``timeout`` is not given.

Mistral uses the same default (``[action_std_http] default_timeout``).
"""

MAX_RESPONSE_BYTES = 5 * 1024 * 1024
"""Largest response body kept, the default of Mistral's ``max_response_size_bytes``."""

_CHUNK_BYTES = 64 * 1024

CANCEL_CHECK_INTERVAL = 0.1
"""Seconds between two checks of the cancel event while a request waits."""


def http(params, cancel_event):
    """Send the request and return the result dict.

    Raises ActionError when the request cannot be sent, times out, or gets
    a status of 400 or more. In the last case ``data`` is the result dict.
    Raises ActionCancelledError within ``CANCEL_CHECK_INTERVAL`` seconds of
    ``cancel_event`` being set (the execution was stopped, or the server is
    stopping), while the request is still waiting.
    """
    url = params["url"]
    method = str(params.get("method", "GET")).upper()
    shown_url = display_url(url)
    request = _request_arguments(params)

    LOG.info("std.http sends %s %s", method, shown_url)

    if cancel_event is None:
        return _send(method, url, shown_url, request)
    return _send_cancellable(method, url, shown_url, request, cancel_event)


def _send_cancellable(method, url, shown_url, request, cancel_event):
    """Send the request on a helper thread and stop waiting for it when ``cancel_event`` is set.

    requests cannot interrupt a request in flight, so a cancelled request is
    abandoned: the calling worker thread returns at once and is free for the
    next action, while the helper thread waits for the response or for the
    request's ``timeout`` and then drops the outcome.
    """
    finished = threading.Event()
    outcome = {}

    def send():
        try:
            outcome["result"] = _send(method, url, shown_url, request)
        except Exception as error:
            outcome["error"] = error
        finally:
            finished.set()
            if cancel_event.is_set():
                LOG.debug("The abandoned std.http request %s %s ended", method, shown_url)

    helper = threading.Thread(target=send, name=f"{threading.current_thread().name}-http", daemon=True)
    helper.start()

    while not finished.wait(CANCEL_CHECK_INTERVAL):
        if cancel_event.is_set():
            # NOTE: the helper thread and its connection stay busy until the
            # request ends, when the response arrives or no byte arrives
            # within the request's timeout (60 s by default).
            LOG.info("std.http %s %s was cancelled; its request is abandoned", method, shown_url)
            raise ActionCancelledError(f"HTTP {method} {shown_url} was cancelled while it waited for the response")

    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _send(method, url, shown_url, request):
    try:
        with requests.request(method, url, stream=True, **request) as response:
            body = _read_body(response, method, shown_url)
    except requests.exceptions.Timeout:
        raise ActionError(
            f"HTTP {method} {shown_url} timed out after {request['timeout']} seconds"
        ) from None
    except requests.exceptions.RequestException as error:
        raise ActionError(f"HTTP {method} {shown_url} failed: {describe_request_error(error)}") from None

    result = {
        "content": _decode(body, response.encoding),
        "status": response.status_code,
        "headers": dict(response.headers),
        "url": response.url,
        "reason": response.reason,
        "encoding": response.encoding,
        "elapsed": response.elapsed.total_seconds(),
    }

    if response.status_code >= 400:
        raise ActionError(
            f"HTTP {method} {shown_url} failed with status {response.status_code} {response.reason}",
            data=result,
        )

    return result


def _request_arguments(params):
    """Translate action parameters into keyword arguments of ``requests.request``."""
    if not isinstance(params["url"], str):
        raise ActionError("std.http: parameter 'url' must be a string")

    body = params.get("body")
    payload = params.get("json")
    if body is not None and payload is not None:
        raise ActionError("std.http: give only one of the parameters 'body' and 'json'")

    if isinstance(body, (dict, list)):
        body = json.dumps(body)

    return {
        "params": params.get("params"),
        "data": body,
        "json": payload,
        "headers": _headers(params.get("headers")),
        "cookies": params.get("cookies"),
        "auth": _auth(params.get("auth")),
        "timeout": _timeout(params.get("timeout")),
        "allow_redirects": params.get("allow_redirects", True),
        "proxies": params.get("proxies"),
        "verify": params.get("verify", True),
    }


def _headers(headers):
    if headers is None:
        return None

    if not isinstance(headers, dict):
        raise ActionError("std.http: parameter 'headers' must be a mapping of names to values")

    return {str(name): _header_value(value) for name, value in headers.items()}


def _header_value(value):
    """Return a header value as requests sends it: numbers and JSON values become text.

    None stays None, which makes requests leave the header out.
    """
    if value is None or isinstance(value, (str, bytes)):
        return value

    if isinstance(value, (bool, dict, list)):
        return json.dumps(value)

    return str(value)


def _auth(auth):
    """Return a (user, password) tuple from ``"user:password"`` or ``[user, password]``."""
    if auth is None:
        return None

    if isinstance(auth, str) and auth.count(":") >= 1:
        user, _, password = auth.partition(":")
        return user, password

    if isinstance(auth, (list, tuple)) and len(auth) == 2:
        return str(auth[0]), str(auth[1])

    raise ActionError(
        "std.http: parameter 'auth' must be \"user:password\" or a list [user, password]"
    )


def _timeout(timeout):
    if timeout is None:
        return DEFAULT_TIMEOUT

    if isinstance(timeout, bool):
        raise ActionError("std.http: parameter 'timeout' must be a number of seconds")

    try:
        seconds = float(timeout)
    except (TypeError, ValueError):
        raise ActionError("std.http: parameter 'timeout' must be a number of seconds") from None

    if seconds <= 0:
        raise ActionError("std.http: parameter 'timeout' must be more than 0 seconds")

    return seconds


def _read_body(response, method, shown_url):
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
        raise ActionError(_too_large_message(method, shown_url))

    chunks = []
    size = 0
    for chunk in response.iter_content(_CHUNK_BYTES):
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise ActionError(_too_large_message(method, shown_url))
        chunks.append(chunk)

    return b"".join(chunks)


def _too_large_message(method, shown_url):
    return f"HTTP {method} {shown_url} returned a body larger than {MAX_RESPONSE_BYTES} bytes"


def _decode(body, encoding):
    """Return the body parsed as JSON when it is JSON, else as text."""
    if not body:
        return ""

    try:
        return json.loads(body)
    except ValueError:
        return body.decode(encoding or "utf-8", errors="replace")


def display_url(url):
    """Return ``url`` without credentials, query string and fragment, for messages and logs."""
    try:
        parts = urlsplit(str(url))
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(invalid URL)"

    if not parts.scheme or not host:
        return "(invalid URL)"

    if ":" in host:
        host = f"[{host}]"

    return f"{parts.scheme}://{host}{port}{parts.path}"


def describe_request_error(error):
    """Explain a requests failure in a few words that hold no URL or header."""
    if isinstance(error, requests.exceptions.MissingSchema):
        return "the URL needs an http:// or https:// scheme"

    if isinstance(error, requests.exceptions.InvalidSchema):
        return "the URL scheme is not supported. Use http or https"

    if isinstance(error, (requests.exceptions.InvalidURL, requests.exceptions.InvalidHeader)):
        return f"invalid request ({type(error).__name__})"

    if isinstance(error, (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)):
        return "the response was cut off or could not be decoded"

    cause = _find_cause(error)
    if isinstance(cause, ssl.SSLCertVerificationError):
        return f"TLS certificate verification failed ({cause.verify_message})"

    if isinstance(cause, ssl.SSLError):
        return f"TLS error ({cause.reason or 'handshake failed'})"

    if isinstance(cause, socket.gaierror):
        return f"cannot resolve the host name ({cause.strerror})"

    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror.lower()

    return f"connection failed ({type(error).__name__})"


def _find_cause(error):
    """Return the innermost OSError behind a requests or urllib3 error, or None."""
    pending = [error]
    seen = set()
    found = None
    while pending:
        current = pending.pop(0)
        if current is None or id(current) in seen:
            continue

        seen.add(id(current))
        if isinstance(current, OSError) and (current.strerror or isinstance(current, ssl.SSLError)):
            found = current

        reason = getattr(current, "reason", None)
        pending.append(reason if isinstance(reason, BaseException) else None)
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        pending.extend([current.__cause__, current.__context__])

    return found
