"""The HTTP boundary of the REST library.

HTTPClient sends every request of every manager through one private
method, _request, which

- sends it through a transport (plain requests, or a keystoneauth1 session),
- turns the transport's connection, timeout, TLS and authentication errors
  into this package's exceptions,
- logs one debug line per request, and the bodies with env values masked,
- raises an APIError subclass for any status outside 2xx,
- and decodes the JSON body.
"""

import json
import logging
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

# Raw error bodies (an HTML page from a proxy) are cut to this many characters.
_MAX_RAW_MESSAGE_LENGTH = 500


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
        url = None
        started = time.monotonic()
        try:
            url = self._absolute_url(path, params)
            self._log_request(method, url, headers, json_body, text_body)
            response = transport.send(method, url, headers, data, self._timeout)
        except transport.timeout_errors as exc:
            target = url or transport.describe_target()
            raise exceptions.RequestTimedOut(method, target, transport.describe_error(exc)) from exc
        except transport.tls_errors as exc:
            target = url or transport.describe_target()
            raise exceptions.TLSError(method, target, transport.describe_error(exc)) from exc
        except transport.connection_errors as exc:
            target = url or transport.describe_target()
            raise exceptions.ConnectionFailed(method, target, transport.describe_error(exc)) from exc
        except transport.endpoint_errors as exc:
            raise exceptions.EndpointNotFound(
                f"No Mistral endpoint found in the service catalog ({exc}). Check "
                "--os-mistral-service-type, --os-interface and --os-region-name, "
                "or pass --os-mistral-url."
            ) from exc
        except transport.auth_errors as exc:
            raise exceptions.AuthenticationFailed(
                f"Keystone authentication at {transport.describe_target()} failed: {exc}"
            ) from exc

        elapsed = time.monotonic() - started
        LOG.debug("%s %s %s %.3fs", method, url, response.status_code, elapsed)

        if not 200 <= response.status_code < 300:
            self._log_response_body(response)
            raise _api_error(method, url, response)

        return self._decode_body(method, url, response)

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
                f"(Content-Type: {response.headers.get('Content-Type', 'none')})."
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
    ``faultstring``, else the body as text, else the reason phrase.
    """
    faultcode = None
    message = response.headers.get("Server-Error-Message")

    if not message:
        try:
            body = response.json()
        except ValueError:
            body = None

        if isinstance(body, dict):
            message = body.get("faultstring")
            faultcode = body.get("faultcode")

    if not message:
        message = response.text.strip()[:_MAX_RAW_MESSAGE_LENGTH]

    if not message:
        message = response.reason or "no message"

    error_class = exceptions.api_error_class(response.status_code)
    return error_class(response.status_code, method, url, message, faultcode=faultcode)


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
