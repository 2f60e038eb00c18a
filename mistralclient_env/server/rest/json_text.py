"""Strict JSON decoding of request bodies and of the JSON text inside their fields.

Python's ``json.loads`` accepts more than RFC 8259 allows, and more than the
rest of the server can store or send back:

- ``NaN``, ``Infinity`` and ``-Infinity``, and numbers such as ``1e400`` that
  become an infinite float. ``json.dumps`` writes them back as tokens that
  strict JSON parsers (JavaScript, Go, jq) reject.
- A key given twice in one object, of which only the last value is kept.
- Nesting as deep as the recursion limit allows; deeper nesting, or the
  recursive steps that later walk the value (env merge, expressions,
  encoding), end in a RecursionError.
- Strings with a lone surrogate (``"\\ud800"``), which cannot be encoded as
  UTF-8 in a response or a database.

:func:`decode` rejects all of these with a ValueError whose message names the
token, key or limit, never a string value of the document.
"""

import json
import re

MAX_DEPTH = 110
"""Maximum nesting of arrays and objects in a JSON document, the top level counting as 1.

The ``mistral`` client accepts env, input and params values nested up to
100 levels, and a request body wraps such a value in up to three more
(the body, ``params``, ``env``).
"""

MAX_INTEGER_DIGITS = 4300
"""Maximum digits of a JSON integer: Python's default limit for converting text to int."""

_MAX_SHOWN_KEY = 60

_SURROGATE = re.compile("[\ud800-\udfff]")


class JSONTextError(ValueError):
    """A text that is not strict JSON. The message gives the reason, without string values."""


def decode(text):
    """Return the value of the JSON document ``text``.

    Raises JSONTextError for invalid JSON, ``NaN``/``Infinity``, a number
    outside the range of a 64-bit float, an integer of more than
    :data:`MAX_INTEGER_DIGITS` digits, a key repeated in one object, nesting
    deeper than :data:`MAX_DEPTH`, or a lone surrogate in a string.
    """
    try:
        value = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_parse_float,
            parse_int=_parse_int,
            object_pairs_hook=_unique_keys_object,
        )
    except JSONTextError:
        raise
    except RecursionError:
        raise JSONTextError(_too_deep()) from None
    except json.JSONDecodeError as error:
        # Some of Python's messages end with "at", before the position it appends.
        message = error.msg.removesuffix(" at")
        raise JSONTextError(f"{message} at line {error.lineno} column {error.colno}") from None
    except ValueError as error:
        raise JSONTextError(type(error).__name__) from None

    check_value(value)
    return value


def check_value(value):
    """Raise JSONTextError if ``value`` nests deeper than MAX_DEPTH or has a lone surrogate.

    The walk uses its own stack, so any depth is checked without recursion.
    """
    pending = [(value, 1)]

    while pending:
        item, depth = pending.pop()

        if isinstance(item, str):
            _check_string(item, "a string")
            continue

        if not isinstance(item, (dict, list)):
            continue

        if depth > MAX_DEPTH:
            raise JSONTextError(_too_deep())

        if isinstance(item, dict):
            for key, child in item.items():
                _check_string(key, "a key")
                pending.append((child, depth + 1))
        else:
            pending.extend((child, depth + 1) for child in item)


def _check_string(text, role):
    match = _SURROGATE.search(text)
    if match:
        code_point = f"\\u{ord(match.group(0)):04x}"
        raise JSONTextError(f"{role} contains the lone surrogate {code_point}, which is not a Unicode character")


def _too_deep():
    return f"it is nested deeper than {MAX_DEPTH} levels of arrays and objects"


def _reject_constant(token):
    raise JSONTextError(f"it contains {token}, which is not a JSON number")


def _parse_float(token):
    value = float(token)
    if value in (float("inf"), float("-inf")):
        raise JSONTextError("it contains a number too large for a 64-bit floating-point value")
    return value


def _parse_int(token):
    if len(token.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise JSONTextError(f"it contains an integer of more than {MAX_INTEGER_DIGITS} digits")
    return int(token)


def _unique_keys_object(pairs):
    value = {}
    for key, item in pairs:
        if key in value:
            raise JSONTextError(f"the key {_show_key(key)} appears more than once in one object")
        value[key] = item
    return value


def _show_key(key):
    if len(key) > _MAX_SHOWN_KEY:
        key = key[:_MAX_SHOWN_KEY] + "..."
    return repr(key)
