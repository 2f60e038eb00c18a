"""Errors of the client, under one root: MistralClientError.

Three branches cover what can go wrong before, during and after a request:

- InputError: the user's own input is unusable (an --env that is not a
  mapping, a definition file that cannot be read). No request was sent.
- ConfigurationError and the transport errors: the client could not reach
  or authenticate against the server.
- APIError: the server responded with a status outside 2xx. It carries the
  status, the request's method and URL, and the server's own message.

No message built here contains an env value, an input value or a token.
"""


class MistralClientError(Exception):
    """Root of every error the client raises on purpose."""


class InputError(MistralClientError):
    """A command-line argument or file cannot be used; nothing was sent."""


class EnvInputError(InputError):
    """An --env, INPUT, PARAMS or environment file argument is unusable.

    ``argument`` is the name the user knows the argument by, such as
    ``--env`` or ``PARAMS``.
    """

    def __init__(self, argument, message):
        self.argument = argument
        self.message = message
        super().__init__(f"Invalid {argument}: {message}")


class ConfigurationError(MistralClientError):
    """The connection or authentication options contradict or lack something."""


class TransportError(MistralClientError):
    """The request got no HTTP response.

    ``method`` and ``url`` name the request, ``reason`` the cause as the
    HTTP library reported it.
    """

    def __init__(self, method, url, reason):
        self.method = method
        self.url = url
        self.reason = reason
        super().__init__(self._describe())

    def _describe(self):
        return f"Cannot connect to {self.url} ({self.method}): {self.reason}"


class ConnectionFailed(TransportError):
    """The server refused the connection, or its name did not resolve."""

    def _describe(self):
        return (
            f"Cannot connect to {self.url} ({self.method}): {self.reason}. "
            "Check --os-mistral-url (or OS_MISTRAL_URL) and that the Mistral API is running."
        )


class RequestTimedOut(TransportError):
    """No response came within the request timeout.

    ``reason`` states how long the client waited, such as ``no response
    within 60 seconds``.
    """

    def _describe(self):
        return (
            f"{self.method} {self.url} timed out: {self.reason}. "
            "Raise --timeout if the server is slow."
        )


class TLSError(TransportError):
    """The TLS handshake failed, usually on certificate verification."""

    def _describe(self):
        return (
            f"TLS failed for {self.url} ({self.method}): {self.reason}. "
            "Pass the CA bundle with --os-cacert, or --insecure to skip verification."
        )


class EndpointNotFound(MistralClientError):
    """The Keystone service catalog has no matching Mistral endpoint."""


class AuthenticationFailed(MistralClientError):
    """Keystone rejected the credentials or could not be used."""


class InvalidResponse(MistralClientError):
    """A 2xx response whose body is not the JSON the client expects."""


class APIError(MistralClientError):
    """The server responded with a status outside 2xx.

    ``status`` is the HTTP status code, and ``method`` and ``url`` are the
    request, the URL with credentials masked. ``message`` is the server's
    own text: the ``Server-Error-Message`` header, else the ``faultstring``
    of a JSON body, else a short summary of a body in another form.
    ``faultcode`` is ``Client`` or ``Server`` when the body had one.
    ``hint``, when set, is a sentence on what to check, printed after the
    status.
    """

    def __init__(self, status, method, url, message, faultcode=None, hint=None):
        self.status = status
        self.method = method
        self.url = url
        self.message = message
        self.faultcode = faultcode
        self.hint = hint
        text = f"{message} (HTTP {status} from {method} {url})"
        super().__init__(f"{text}. {hint}" if hint else text)


class BadRequest(APIError):
    """400: the server found the request invalid."""


class Unauthorized(APIError):
    """401: the token is missing, expired or invalid."""


class Forbidden(APIError):
    """403: the request is valid but the resource's state forbids it."""


class NotFound(APIError):
    """404: no such execution, task, workflow or environment."""


class Conflict(APIError):
    """409: a resource with that name already exists."""


class ServerError(APIError):
    """5xx: the server failed."""


_ERROR_CLASS_BY_STATUS = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
}


def api_error_class(status):
    """Return the APIError subclass for an HTTP status outside 2xx."""
    if status >= 500:
        return ServerError

    return _ERROR_CLASS_BY_STATUS.get(status, APIError)
