"""Mask env values, workflow input and tokens before a body or header is logged.

Keys stay visible, values become ``***``. The masked keys are ``env``,
``variables`` and ``input`` at any depth (so ``params.env`` too), and the
``X-Auth-Token`` header. Fields that the wire format carries as
JSON-encoded strings (``params``, ``env``, ``variables``, ``input``) are
decoded first, so their keys can be shown and their values hidden.
"""

import json

MASK = "***"

_MASKED_KEYS = frozenset({"env", "variables", "input"})
_JSON_STRING_KEYS = frozenset({"params"}) | _MASKED_KEYS
_MASKED_HEADERS = frozenset({"x-auth-token", "x-subject-token", "authorization"})


def mask_headers(headers):
    """Return a copy of ``headers`` with token headers replaced by ``***``."""
    return {
        name: (MASK if name.lower() in _MASKED_HEADERS else value)
        for name, value in headers.items()
    }


def mask_body(body):
    """Return a masked copy of a decoded JSON body; the argument is not changed."""
    return _mask_container(body)


def _mask_container(value):
    if isinstance(value, dict):
        return {key: _mask_field(key, item) for key, item in value.items()}

    if isinstance(value, list):
        return [_mask_container(item) for item in value]

    return value


def _mask_field(key, value):
    if key in _JSON_STRING_KEYS and isinstance(value, str):
        value = _decode_if_json(value)

    if key in _MASKED_KEYS:
        return _mask_leaves(value)

    return _mask_container(value)


def _mask_leaves(value):
    if isinstance(value, dict):
        return {key: _mask_leaves(item) for key, item in value.items()}

    if isinstance(value, list):
        return [_mask_leaves(item) for item in value]

    if value is None:
        return None

    return MASK


def _decode_if_json(text):
    try:
        return json.loads(text)
    except ValueError:
        return text
