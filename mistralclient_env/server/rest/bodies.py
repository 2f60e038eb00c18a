"""Reading and type-checking request bodies and query parameters.

Every problem raises InvalidInputError (a 400) naming the field and the
type received, never the value: bodies carry env values and tokens. A body
larger than the server's limit raises BodyTooLargeError (a 413). JSON is
decoded strictly (see ``json_text``), in the body and in the fields that
contain JSON text.
"""

from mistralclient_env.server.engine.env import json_type_name
from mistralclient_env.server.engine.errors import InvalidInputError
from mistralclient_env.server.rest import json_text

DEFAULT_MAX_BODY_SIZE = 1024 * 1024
"""Bytes of a request body that the server reads at most, unless configured otherwise."""

_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no", "")


class BodyTooLargeError(InvalidInputError):
    """The request body is larger than the server accepts."""

    def __init__(self, size, max_size):
        size_text = f"{size} bytes" if size is not None else f"more than {max_size} bytes"
        super().__init__(
            f"The request body has {size_text}, more than the maximum of {max_size} bytes that this server "
            "accepts. Send a smaller body, or raise the limit with mistral-env-server --max-body-size."
        )


def max_body_size(req):
    """Return the body size limit in bytes that the app set for ``req``, or the default."""
    return getattr(req.context, "max_body_size", DEFAULT_MAX_BODY_SIZE)


def check_body_size(req):
    """Raise BodyTooLargeError when the declared Content-Length exceeds the limit.

    Falcon raises its 400 for a Content-Length that is not a number. A body
    without Content-Length is checked while it is read.
    """
    limit = max_body_size(req)
    size = req.content_length
    if size is not None and size > limit:
        raise BodyTooLargeError(size, limit)


def read_text(req):
    """Return the request body as text; invalid UTF-8 is a 400, a body over the limit a 413.

    At most one byte more than the limit is read, so a body without
    Content-Length cannot make the server hold more than the limit.
    """
    check_body_size(req)

    limit = max_body_size(req)
    data = req.bounded_stream.read(limit + 1)
    if len(data) > limit:
        raise BodyTooLargeError(None, limit)

    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInputError("The request body is not valid UTF-8 text.") from None


def read_json_object(req, allowed_fields, resource):
    """Return the request body as a dict.

    The body must be a JSON object whose keys are fields of ``resource`` (a
    noun such as ``"execution"``, listed in ``allowed_fields``); Mistral's API
    rejects unknown attributes the same way.
    """
    text = read_text(req)
    if not text.strip():
        raise InvalidInputError(f"The request body is empty: send the {resource} as a JSON object.")

    try:
        body = json_text.decode(text)
    except json_text.JSONTextError as error:
        raise InvalidInputError(f"The request body is not valid JSON: {error}.") from None

    if not isinstance(body, dict):
        raise InvalidInputError(
            f"The request body must be a JSON object that describes the {resource}, received {json_type_name(body)}."
        )

    unknown = sorted(set(body) - set(allowed_fields))
    if unknown:
        raise InvalidInputError(
            f"Unknown attribute of the {resource}: {', '.join(unknown)}. "
            f"Known attributes: {', '.join(sorted(allowed_fields))}."
        )
    return body


def optional_string(body, name):
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise InvalidInputError(f"Invalid {name}: expected a string, received {json_type_name(value)}.")
    return value


def optional_bool(body, name):
    value = body.get(name)
    if value is not None and not isinstance(value, bool):
        raise InvalidInputError(f"Invalid {name}: expected true or false, received {json_type_name(value)}.")
    return value


def decode_json_text(name, text):
    """Return the value of the JSON text of field ``name``; raise InvalidInputError naming the field."""
    try:
        return json_text.decode(text)
    except json_text.JSONTextError as error:
        raise InvalidInputError(f"Invalid {name}: the text is not valid JSON ({error}); send a JSON object.") from None


def json_mapping(body, name):
    """Return a field that contains a JSON object, given as an object or as JSON text, or None if absent.

    OpenStack's client sends ``params`` and ``input`` as JSON text on create
    and ``params`` as an object on update; both forms are accepted.
    """
    value = body.get(name)
    if value is None:
        return None

    if isinstance(value, str):
        if not value.strip():
            return None
        value = decode_json_text(name, value)

    if not isinstance(value, dict):
        raise InvalidInputError(f"Invalid {name}: expected a JSON object, received {json_type_name(value)}.")
    return value


def query_bool(req, name, default=False):
    raw = req.get_param(name)
    if raw is None:
        return default
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise InvalidInputError(f"Invalid query parameter {name}: expected true or false.")


def query_int(req, name, default):
    raw = req.get_param(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise InvalidInputError(f"Invalid query parameter {name}: expected an integer.") from None
