"""The HTTP boundary of the REST library.

HTTPClient sends every request of every manager through one private
method, _request, which

- sends it through a transport (plain requests, or a keystoneauth1 session),
- turns the transport's connection, timeout, TLS and authentication errors
  into this package's exceptions,
- logs one debug line per request, and the bodies with env values masked,
- raises an APIError subclass for any status outside 2xx,
- and decodes the JSON body.

Every URL it logs or puts in an error has its credentials masked
(redaction.mask_url).
"""

import html
import http.client
import json
import logging
import re
import socket
import time
from urllib.parse import urlencode

import requests

from mistralclient_env import __version__
from mistralclient_env import exceptions
from mistralclient_env.api import redaction

LOG = logging.getLogger(__name__)

DEFAULT_MISTRAL_URL = "http://localhost:8989/v2"

# Seconds to wait for the connection, and then for each read of the response.
DEFAULT_TIMEOUT = 60.0

USER_AGENT = f"mistralclient-env/{__version__}"

JSON_CONTENT_TYPE = "application/json"
TEXT_CONTENT_TYPE = "text/plain"

# An error body that is not Mistral's (an HTML page from a proxy) is shown
# as one line of at most this many characters.
_MAX_FOREIGN_MESSAGE_LENGTH = 200

_NOT_MISTRAL_HINT = (
    "The response is {kind}, not a Mistral API error, so the URL may not be a Mistral API: "
    "check --os-mistral-url (or OS_MISTRAL_URL), such as http://localhost:8989/v2."
)

_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]*>")


class RequestsTransport:
    """Plain HTTP to a fixed API root, sending X-Auth-Token when a token is given.

    ``verify`` is True, False or the path of a CA bundle; ``cert`` is None,
    a client certificate path, or a (certificate, key) pair.
    """

    timeout_errors = (requests.exceptions.Timeout,)
    tls_errors = (requests.exceptions.SSLError,)
    # Any other requests error, such as an invalid URL, also means no response.
    connection_errors = (requests.exceptions.RequestException,)
    endpoint_errors = ()
    auth_errors = ()

    def __init__(self, base_url, token=None, verify=True, cert=None):
        self._base_url = base_url.rstrip("/")
        self._token = token
        self._session = requests.Session()
        self._session.verify = verify
        self._session.cert = cert

    def base_url(self):
        return self._base_url

    def auth_headers(self):
        return {"X-Auth-Token": self._token} if self._token else {}

    def send(self, method, url, headers, data, timeout):
        return self._session.request(method, url, headers=headers, data=data, timeout=timeout)

    def describe_target(self):
        return self._base_url

    @staticmethod
    def describe_error(exc):
        return _root_cause(exc)


class HTTPClient:
    """Send requests to one Mistral v2 API and return the decoded responses.

    Paths are relative to the API root (``/executions/ID``); absolute
    ``http(s)://`` URLs, such as a list's ``next`` link, are used as they
    are. ``timeout`` is in seconds.
    """

    def __init__(self, transport, timeout=DEFAULT_TIMEOUT):
        self._transport = transport
        self._timeout = timeout

    def get(self, path, params=None):
        """GET ``path`` and return the decoded JSON body."""
        return self._request("GET", path, params=params)

    def post_json(self, path, body, params=None):
        """POST ``body`` as JSON and return the decoded JSON response."""
        return self._request("POST", path, params=params, json_body=body)

    def post_text(self, path, text, params=None):
        """POST ``text`` as text/plain and return the decoded JSON response."""
        return self._request("POST", path, params=params, text_body=text)

    def put_json(self, path, body, params=None):
        """PUT ``body`` as JSON and return the decoded JSON response."""
        return self._request("PUT", path, params=params, json_body=body)

    def delete(self, path, params=None):
        """DELETE ``path``; return the decoded body, or None when there is none."""
        return self._request("DELETE", path, params=params)

    def _request(self, method, path, params=None, json_body=None, text_body=None):
        headers = {"Accept": JSON_CONTENT_TYPE, "User-Agent": USER_AGENT}
        headers.update(self._transport.auth_headers())
        data = None
        if json_body is not None:
            headers["Content-Type"] = JSON_CONTENT_TYPE
            data = json.dumps(json_body).encode("utf-8")
        elif text_body is not None:
            headers["Content-Type"] = TEXT_CONTENT_TYPE
            data = text_body.encode("utf-8")

        transport = self._transport
        shown_url = None
        started = time.monotonic()
        try:
            url = self._absolute_url(path, params)
            shown_url = redaction.mask_url(url)
            self._log_request(method, shown_url, headers, json_body, text_body)
            response = transport.send(method, url, headers, data, self._timeout)
        except transport.timeout_errors as exc:
            target = shown_url or redaction.mask_url(transport.describe_target())
            reason = f"no response within {_describe_seconds(self._timeout)}"
            raise exceptions.RequestTimedOut(method, target, reason) from exc
        except transport.tls_errors as exc:
            target = shown_url or redaction.mask_url(transport.describe_target())
            raise exceptions.TLSError(method, target, _describe_error(transport, exc)) from exc
        except transport.connection_errors as exc:
            target = shown_url or redaction.mask_url(transport.describe_target())
            raise exceptions.ConnectionFailed(method, target, _describe_error(transport, exc)) from exc
        except transport.endpoint_errors as exc:
            raise exceptions.EndpointNotFound(
                f"No Mistral endpoint found in the service catalog "
                f"({_describe_error(transport, exc, root_cause=False)}). Check "
                "--os-mistral-service-type, --os-interface and --os-region-name, "
                "or pass --os-mistral-url."
            ) from exc
        except transport.auth_errors as exc:
            raise exceptions.AuthenticationFailed(
                f"Keystone authentication at {redaction.mask_url(transport.describe_target())} "
                f"failed: {_describe_error(transport, exc, root_cause=False)}"
            ) from exc

        elapsed = time.monotonic() - started
        LOG.debug("%s %s %s %.3fs", method, shown_url, response.status_code, elapsed)

        if not 200 <= response.status_code < 300:
            self._log_response_body(response)
            raise _api_error(method, shown_url, response)

        return self._decode_body(method, shown_url, response)

    def _absolute_url(self, path, params):
        if path.startswith(("http://", "https://")):
            url = path
        else:
            url = self._transport.base_url().rstrip("/") + path

        if params:
            # A list of pairs keeps the order and the empty values (``namespace=``).
            url = f"{url}?{urlencode(params)}"

        return url

    def _decode_body(self, method, url, response):
        if response.status_code == 204 or not response.content:
            return None

        try:
            body = response.json()
        except ValueError:
            raise exceptions.InvalidResponse(
                f"The response to {method} {url} is not JSON "
                f"(Content-Type: {response.headers.get('Content-Type', 'none')}). "
                f"{_NOT_MISTRAL_HINT.format(kind='not JSON')}"
            ) from None

        if LOG.isEnabledFor(logging.DEBUG):
            LOG.debug("Response body: %s", json.dumps(redaction.mask_body(body)))

        return body

    def _log_request(self, method, url, headers, json_body, text_body):
        if not LOG.isEnabledFor(logging.DEBUG):
            return

        LOG.debug("Request %s %s headers: %s", method, url, redaction.mask_headers(headers))
        if json_body is not None:
            LOG.debug("Request body: %s", json.dumps(redaction.mask_body(json_body)))
        elif text_body is not None:
            LOG.debug("Request body: %d characters of %s", len(text_body), TEXT_CONTENT_TYPE)

    def _log_response_body(self, response):
        if not LOG.isEnabledFor(logging.DEBUG):
            return

        try:
            LOG.debug("Response body: %s", json.dumps(redaction.mask_body(response.json())))
        except ValueError:
            LOG.debug("Response body: %d bytes, not JSON", len(response.content))


def _api_error(method, url, response):
    """Build the APIError for a response outside 2xx.

    The message is the ``Server-Error-Message`` header, else the JSON
    ``faultstring``, else a one-line summary of the body (see
    _summarize_foreign_body), else the reason phrase.
    """
    faultcode = None
    message = response.headers.get("Server-Error-Message")

    body = None
    if not message:
        try:
            body = response.json()
        except ValueError:
            body = None

        if isinstance(body, dict):
            message = body.get("faultstring")
            faultcode = body.get("faultcode")

    hint = None
    if not message:
        message, hint = _summarize_foreign_body(response, body)

    error_class = exceptions.api_error_class(response.status_code)
    return error_class(response.status_code, method, url, message, faultcode=faultcode, hint=hint)


def _summarize_foreign_body(response, body):
    """Return (message, hint) for an error body that is not Mistral's.

    The message is the reason phrase, followed by one line of the body. For
    JSON that line is ``error.message`` (the form of Keystone and other
    OpenStack services) or the first line. For HTML it is the page's title
    or its first line of text, and for other text the first line. It is cut
    to _MAX_FOREIGN_MESSAGE_LENGTH characters. Bodies that are not JSON get
    the hint that the URL may be wrong, and JSON bodies get None.
    """
    reason = response.reason or http.client.responses.get(response.status_code, "no reason phrase")
    text = response.text.strip()

    if body is not None:
        error = body.get("error") if isinstance(body, dict) else None
        detail = error.get("message") if isinstance(error, dict) else None
        summary = detail if isinstance(detail, str) else text
        hint = None
    elif _is_html(response, text):
        title = _HTML_TITLE.search(text)
        summary = html.unescape(_HTML_TAG.sub(" ", title.group(1) if title else text))
        hint = _NOT_MISTRAL_HINT.format(kind="an HTML page")
    else:
        summary = text
        hint = _NOT_MISTRAL_HINT.format(kind="plain text" if text else "empty")

    summary = _first_line(summary)
    if not summary or summary == reason:
        return reason, hint
    return f"{reason}: {summary}", hint


def _is_html(response, text):
    content_type = response.headers.get("Content-Type", "").lower()
    return "html" in content_type or text[:1] == "<"


def _first_line(text):
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(line) > _MAX_FOREIGN_MESSAGE_LENGTH:
        return line[: _MAX_FOREIGN_MESSAGE_LENGTH - 3] + "..."
    return line


def _describe_seconds(seconds):
    return "1 second" if seconds == 1 else f"{seconds:g} seconds"


def _describe_error(transport, exc, root_cause=True):
    """Return the transport's reason for ``exc``, with URL credentials masked."""
    reason = transport.describe_error(exc) if root_cause else str(exc)
    return redaction.mask_url(reason)


def _root_cause(exc):
    """Return the innermost readable reason of a transport error.

    requests wraps urllib3 errors that wrap socket errors; the socket's
    ``strerror`` ("Connection refused", "Name or service not known") is
    what a user can act on.
    """
    seen = set()
    pending = [exc]
    best = None

    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))

        if isinstance(current, socket.timeout):
            best = "timed out"
        elif isinstance(current, OSError) and current.strerror:
            best = current.strerror

        pending.extend([current.__cause__, current.__context__, getattr(current, "reason", None)])
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))

    return best or str(exc)
