"""Mask values, tokens and URL credentials before they are logged or shown.

Bodies: keys stay visible, values become ``***``. The masked fields, at any
depth, are those that carry env values, workflow input or what tasks
computed from them:

- ``env`` and ``variables`` (env values),
- ``input`` and ``output`` (of executions and action executions),
- ``result``, ``published``, ``published_global`` and ``runtime_context``
  (of task executions),
- ``state_info``, whose error text may quote a URL or value the workflow
  built from env.

Fields that the wire format carries as JSON-encoded strings are decoded
first, so their keys can be shown; ``params`` is decoded and its ``env``
masked. Containers nested deeper than MAX_MASKED_DEPTH are masked whole,
so that masking never hits Python's recursion limit.

Headers: ``X-Auth-Token``, ``X-Subject-Token`` and ``Authorization``.

URLs: the password of the user info (or a user name given alone, the
usual place of a token), and the values of query parameters whose names
look secret (``token``, ``password``, ``api_key``...).
"""

import json
import re

MASK = "***"

# Deeper containers are masked whole. A value the --env reader accepts
# nests at most 100 levels, and sits 3 levels down in a response.
MAX_MASKED_DEPTH = 110

_MASKED_KEYS = frozenset(
    {
        "env",
        "variables",
        "input",
        "output",
        "result",
        "published",
        "published_global",
        "runtime_context",
        "state_info",
    }
)
_DECODED_KEYS = frozenset({"params"})
_MASKED_HEADERS = frozenset({"x-auth-token", "x-subject-token", "authorization"})

# scheme://user:password@ and scheme://user@ (a token as the user name).
_USERINFO_WITH_PASSWORD = re.compile(r"(?P<start>://[^/?#@\s:]*):[^/?#@\s]*@")
_USERINFO_ALONE = re.compile(r"(?P<start>://)[^/?#@\s:]+@")

_QUERY_PARAMETER = re.compile(r"(?P<start>[?&;](?P<name>[^=&;#\s]+)=)(?P<value>[^&;#\s'\"]*)")
_SECRET_NAME_WORDS = frozenset(
    {
        "apikey",
        "auth",
        "authorization",
        "credential",
        "credentials",
        "key",
        "pass",
        "passwd",
        "password",
        "secret",
        "sig",
        "signature",
        "token",
    }
)
_NAME_WORD_SEPARATOR = re.compile(r"[^a-z0-9]+")


def mask_headers(headers):
    """Return a copy of ``headers`` with token headers replaced by ``***``."""
    return {
        name: (MASK if name.lower() in _MASKED_HEADERS else value)
        for name, value in headers.items()
    }


def mask_body(body):
    """Return a masked copy of a decoded JSON body; the argument is not changed."""
    return _mask_container(body, 0)


def mask_url(text):
    """Return ``text`` with the credentials of every URL in it masked.

    ``text`` is a URL or a message that contains URLs (or a path with a
    query). The user info's password, or a user name given alone, and the
    values of query parameters with secret-looking names become ``***``.
    """
    if not text:
        return text

    text = _USERINFO_WITH_PASSWORD.sub(rf"\g<start>:{MASK}@", text)
    text = _USERINFO_ALONE.sub(rf"\g<start>{MASK}@", text)
    return _QUERY_PARAMETER.sub(_mask_query_value, text)


def _mask_query_value(match):
    words = _NAME_WORD_SEPARATOR.split(match.group("name").lower())
    if _SECRET_NAME_WORDS.isdisjoint(words):
        return match.group(0)
    return match.group("start") + MASK


def _mask_container(value, depth):
    if isinstance(value, (dict, list)) and depth >= MAX_MASKED_DEPTH:
        return MASK

    if isinstance(value, dict):
        return {key: _mask_field(key, item, depth + 1) for key, item in value.items()}

    if isinstance(value, list):
        return [_mask_container(item, depth + 1) for item in value]

    return value


def _mask_field(key, value, depth):
    if key in _MASKED_KEYS:
        return _mask_leaves(_decode_if_json(value), depth)

    if key in _DECODED_KEYS and isinstance(value, str):
        decoded = _decode_if_json(value)
        # A string that does not decode could still hold env values.
        return MASK if decoded is value else _mask_container(decoded, depth)

    return _mask_container(value, depth)


def _mask_leaves(value, depth):
    if isinstance(value, (dict, list)) and depth >= MAX_MASKED_DEPTH:
        return MASK

    if isinstance(value, dict):
        return {key: _mask_leaves(item, depth + 1) for key, item in value.items()}

    if isinstance(value, list):
        return [_mask_leaves(item, depth + 1) for item in value]

    if value is None:
        return None

    return MASK


def _decode_if_json(value):
    if not isinstance(value, str):
        return value

    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        return value
