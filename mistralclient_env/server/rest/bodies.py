"""Reading and type-checking request bodies and query parameters.

Every problem raises InvalidInputError (a 400) naming the field and the
type received, never the value: bodies carry env values and tokens.
"""

import json

from mistralclient_env.server.engine.env import json_type_name
from mistralclient_env.server.engine.errors import InvalidInputError

_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no", "")


def read_text(req):
    """Return the request body as text; invalid UTF-8 is a 400."""
    data = req.bounded_stream.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInputError("The request body is not valid UTF-8 text.") from None


def read_json_object(req, allowed_fields, resource):
    """Return the request body as a dict.

    The body must be a JSON object whose keys are fields of ``resource``
    (``allowed_fields``); Mistral's API rejects unknown attributes the same way.
    """
    text = read_text(req)
    if not text.strip():
        raise InvalidInputError(f"The request body is empty: send the {resource} as a JSON object.")

    try:
        body = json.loads(text)
    except ValueError as error:
        where = f" ({error.msg} at line {error.lineno} column {error.colno})" if isinstance(error, json.JSONDecodeError) else ""
        raise InvalidInputError(f"The request body is not valid JSON{where}.") from None

    if not isinstance(body, dict):
        raise InvalidInputError(f"The request body must be a JSON object, received {json_type_name(body)}.")

    unknown = sorted(set(body) - set(allowed_fields))
    if unknown:
        raise InvalidInputError(
            f"Unknown attribute for {resource}: {', '.join(unknown)}. Known attributes: {', '.join(sorted(allowed_fields))}."
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
        try:
            value = json.loads(value)
        except ValueError:
            raise InvalidInputError(f"Invalid {name}: the text is not valid JSON; send a JSON object.") from None

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
