"""The env of an execution: the deep merge of an update and the checks on its type.

Error messages here name JSON types and key paths, never a value, because an
env contains tokens and passwords.
"""

import json

from mistralclient_env.server.engine.errors import InvalidInputError

_JSON_TYPE_NAMES = {
    dict: "a JSON object",
    list: "a JSON array",
    str: "a JSON string",
    bool: "a JSON boolean",
    int: "a JSON number",
    float: "a JSON number",
    type(None): "JSON null",
}


MAX_ENV_DEPTH = 100
"""Maximum levels of objects and arrays in an env update. The merge and the
changed-key walk recurse, so a deeper env would exhaust Python's stack."""


def json_type_name(value):
    """Return the JSON name of a value's type, such as ``"a JSON array"``."""
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


def merge_env(current, update):
    """Return a new env: ``update`` deep-merged into ``current``.

    Precedence, key by key of ``update``: when both the old and the new value
    are mappings, they merge recursively by the same rule. Otherwise the new
    value replaces the old one, whatever the types: a list replaces a list, a
    scalar replaces a mapping, a mapping replaces a scalar, and ``None`` is
    stored as ``None``. Keys of ``current`` that ``update`` does not name are
    kept. Neither argument is modified; nested mappings of the result are
    new objects, while other values are shared with the arguments.
    """
    merged = dict(current)

    for key, new_value in update.items():
        old_value = merged.get(key)
        if isinstance(old_value, dict) and isinstance(new_value, dict):
            merged[key] = merge_env(old_value, new_value)
        elif isinstance(new_value, dict):
            merged[key] = merge_env({}, new_value)
        else:
            merged[key] = new_value

    return merged


def changed_key_paths(current, update, prefix=""):
    """Return the dotted paths of the keys whose value ``update`` changes, sorted.

    Paths go down to the values that are not mappings: ``{"api": {"token": "x"}}``
    changes ``api.token``, whether or not ``api`` was a mapping before. Keys
    set to the value they already had are left out.
    """
    paths = []

    for key, new_value in update.items():
        path = f"{prefix}{key}"
        old_value = current.get(key) if isinstance(current, dict) else None
        if isinstance(new_value, dict) and new_value:
            old_mapping = old_value if isinstance(old_value, dict) else {}
            paths.extend(changed_key_paths(old_mapping, new_value, prefix=path + "."))
        elif not isinstance(current, dict) or key not in current or old_value != new_value:
            paths.append(path)

    return sorted(paths)


def parse_env_update(value, *, field="env", allow_json_text=False):
    """Return the env update of a request as a dict, or None when there is none.

    ``value`` is what the request body held. ``None`` (absent) and ``{}``
    mean no env change. With ``allow_json_text`` a string is JSON text that
    is decoded first (a task rerun sends env as a JSON-encoded string):
    empty or blank text means no env change, and so does text that decodes
    to ``{}`` or ``null``. Any other value that is not a mapping, a list or
    a string of any length included, raises InvalidInputError naming the
    type received, never the value.
    """
    if value is None:
        return None

    if allow_json_text and isinstance(value, str):
        if not value.strip():
            return None
        value = _decode_json_text(value, field)
        if value is None:
            return None

    if not isinstance(value, dict):
        raise InvalidInputError(
            f"Invalid {field}: expected a JSON object (mapping) of variables, "
            f"received {json_type_name(value)}."
        )

    if _nesting_depth(value) > MAX_ENV_DEPTH:
        raise InvalidInputError(
            f"Invalid {field}: it is nested deeper than {MAX_ENV_DEPTH} levels of objects and arrays."
        )

    return value or None


def _nesting_depth(value):
    """Return how many levels of objects and arrays ``value`` has, without recursion."""
    deepest = 0
    pending = [(value, 1)]

    while pending:
        current, depth = pending.pop()
        if isinstance(current, dict):
            children = current.values()
        elif isinstance(current, list):
            children = current
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_ENV_DEPTH:
            break
        pending.extend((child, depth + 1) for child in children)

    return deepest


def _decode_json_text(text, field):
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        reason = "it is nested too deeply"
    except ValueError as error:
        reason = _position(error)

    raise InvalidInputError(
        f"Invalid {field}: the text is not valid JSON ({reason}). Send the env as a JSON object of variables."
    )


def _reject_constant(name):
    # Python's json module accepts NaN and Infinity, which are not JSON and
    # which strict readers of the stored env would then fail on.
    raise ValueError(f"{name} is not a JSON number")


def _position(error):
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at line {error.lineno} column {error.colno}"
    return str(error)
