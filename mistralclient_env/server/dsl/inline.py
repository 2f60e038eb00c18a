"""Inline parameters: ``action: std.http url=<% env().url %> method=POST``.

Mistral splits such a line into the action (or workflow) name and ``key=value``
pairs separated by spaces. A value is one of:

- a YAQL or Jinja2 expression, which may contain spaces
  (``<% $.a + 1 %>``, ``{{ _.a }}``), optionally with text glued to it
  (``<% env().base %>/v2``), kept as a string for the engine to evaluate;
- a quoted string, double or single quotes, taken as it is between the
  quotes with no escape sequences (as Mistral does);
- a JSON object or list (``{"A": "b"}``, ``[1, 2]``);
- a JSON number, ``true``, ``false`` or ``null``;
- any other run of characters up to the next space, as a plain string.

Mistral's own parser (``PARAMS_PTRN`` in ``mistral/lang/base.py``) reads
expressions, quoted strings, lists, ``true``, ``false``, ``null`` and
unsigned integers. It silently drops plain strings, objects and text glued
after an expression, and keeps only the leading digits of ``0.5``. This
parser reads those as the text means, and raises InlineParameterError
instead of dropping text it cannot read.
"""

import json
import re

_KEY = re.compile(r"([-\w]+)=")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
_KEYWORDS = {"true": True, "false": False, "null": None}
_EXPRESSION_DELIMITERS = {"<%": "%>", "{{": "}}", "{%": "%}"}


class InlineParameterError(ValueError):
    """Inline parameter text that cannot be read. The message names the parameter or position."""


def split_command(text):
    """Split ``NAME key=value ...`` into the name and a dict of parameters.

    Raises InlineParameterError when the name is missing or is an
    expression (the server resolves names when the workflow is uploaded),
    or when the parameters cannot be read.
    """
    if not text.strip():
        raise InlineParameterError("the name is empty")

    name, *rest = text.split(None, 1)

    if name.startswith(tuple(_EXPRESSION_DELIMITERS)):
        raise InlineParameterError(
            "the name is an expression, but names computed at run time are not "
            "supported, so write the name itself"
        )

    if "=" in name:
        raise InlineParameterError(
            f"'{text}' starts with a parameter instead of a name. Write NAME key=value ..."
        )

    return name, parse_parameters(rest[0] if rest else "")


def parse_parameters(text):
    """Parse ``key=value key2=value2`` into a dict, keeping the order of the text."""
    params = {}
    position = _skip_spaces(text, 0)

    while position < len(text):
        match = _KEY.match(text, position)
        if not match:
            raise InlineParameterError(
                f"expected key=value at '{_excerpt(text, position)}'"
            )

        key = match.group(1)
        if key in params:
            raise InlineParameterError(f"parameter '{key}' is given twice")

        value, position = _read_value(text, match.end(), key)
        params[key] = value
        position = _skip_spaces(text, position)

    return params


def _read_value(text, start, key):
    """Return the value that starts at ``start`` and the position after it."""
    if start >= len(text) or text[start].isspace():
        raise InlineParameterError(
            f"parameter '{key}' has no value. Write {key}=\"\" for an empty string"
        )

    first = text[start]
    if first in "\"'":
        return _read_quoted(text, start, key)

    if first in "[{" and not text.startswith(("{{", "{%"), start):
        return _read_json(text, start, key)

    return _read_token(text, start, key)


def _read_quoted(text, start, key):
    end = text.find(text[start], start + 1)
    if end < 0:
        raise InlineParameterError(f"the quoted value of parameter '{key}' is not closed")

    _expect_separator(text, end + 1, key)
    return text[start + 1:end], end + 1


def _read_json(text, start, key):
    end = _find_closing_bracket(text, start, key)
    raw = text[start:end]

    try:
        value = json.loads(raw)
    except ValueError as error:
        raise InlineParameterError(
            f"the value of parameter '{key}' is not valid JSON ({error.msg} at "
            f"character {error.pos + 1}). Use double quotes inside JSON"
        ) from None

    _expect_separator(text, end, key)
    return value, end


def _read_token(text, start, key):
    """Read a plain word, number or expression up to the next space outside an expression."""
    position = start
    while position < len(text) and not text[position].isspace():
        opening = text[position:position + 2]
        if opening in _EXPRESSION_DELIMITERS:
            closing = _EXPRESSION_DELIMITERS[opening]
            end = text.find(closing, position + 2)
            if end < 0:
                raise InlineParameterError(
                    f"the expression in parameter '{key}' has no closing '{closing}'"
                )
            position = end + 2
        else:
            position += 1

    return _scalar(text[start:position]), position


def _scalar(token):
    """Convert a plain token to a JSON number or keyword, else keep the string."""
    if token in _KEYWORDS:
        return _KEYWORDS[token]

    if _NUMBER.fullmatch(token):
        try:
            return json.loads(token)
        except ValueError:
            # Leading zeros ("007") are not JSON numbers: keep the text.
            return token

    return token


def _find_closing_bracket(text, start, key):
    """Return the position after the bracket that closes the one at ``start``."""
    depth = 0
    position = start
    while position < len(text):
        char = text[position]
        if char == '"':
            position = _skip_json_string(text, position, key)
            continue

        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return position + 1

        position += 1

    raise InlineParameterError(f"the JSON value of parameter '{key}' is not closed")


def _skip_json_string(text, start, key):
    position = start + 1
    while position < len(text):
        if text[position] == "\\":
            position += 2
        elif text[position] == '"':
            return position + 1
        else:
            position += 1

    raise InlineParameterError(f"a string inside parameter '{key}' is not closed")


def _expect_separator(text, position, key):
    if position < len(text) and not text[position].isspace():
        raise InlineParameterError(
            f"unexpected text after the value of parameter '{key}': "
            f"'{_excerpt(text, position)}'. Put a space between parameters"
        )


def _skip_spaces(text, position):
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _excerpt(text, position):
    fragment = text[position:position + 30]
    return fragment + ("..." if len(text) > position + 30 else "")
