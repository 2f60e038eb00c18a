"""The wire encoding of Mistral's v2 API, in one place.

- JSON-typed fields (``params``, ``input``, ``output``, ``result``,
  ``published``, ``published_global``, ``runtime_context``, ``variables``,
  ``interface``) are JSON-encoded strings inside the JSON body.
- Timestamps read ``YYYY-MM-DD HH:MM:SS`` (UTC, no zone, no fraction).
- List items leave out the heavy fields: an execution item has no
  ``output`` or ``published_global``, a task item no ``result``, an action
  execution item no ``output``. A field asked for with ``fields`` is kept.
- Errors are ``{"faultcode", "faultstring", "debuginfo": null}``, with
  faultcode ``Client`` for 4xx and ``Server`` for 5xx.
"""

import json

_TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"
_TIMESTAMP_FIELDS = ("created_at", "updated_at", "started_at", "finished_at")


def timestamp(value):
    return value.strftime(_TIMESTAMP_FORMAT) if value is not None else None


def json_text(value):
    return json.dumps(value)


def _encode(item, json_fields):
    wire = dict(item)
    for name in _TIMESTAMP_FIELDS:
        if name in wire:
            wire[name] = timestamp(wire[name])
    for name in json_fields:
        if name in wire:
            wire[name] = json_text(wire[name])
    return wire


_EXECUTION_JSON = ("params", "input", "output", "published_global")


def execution(item, published_global=False):
    """Encode an execution; ``published_global`` adds the field that GET of one execution has."""
    item = dict(item)
    if published_global:
        # This server has no global publishing, so the value is always empty.
        item["published_global"] = {}
    return _encode(item, _EXECUTION_JSON)


def execution_update(item, request_fields):
    """Encode the response to PUT /v2/executions/{id}, shaped as Mistral shapes it.

    The response to an update of env alone has no ``input`` and ``output``,
    and the response to an update of the description alone has no ``params``.
    """
    wire = execution(item)
    if request_fields == {"env"}:
        wire.pop("input", None)
        wire.pop("output", None)
    elif request_fields == {"description"}:
        wire.pop("params", None)
    return wire


def task(item):
    return _encode(item, ("runtime_context", "result", "published"))


def action_execution(item):
    return _encode(item, ("input", "output"))


def workflow(item):
    return _encode(item, ("interface",))


def environment(item):
    return _encode(item, ("variables",))


def created(wire):
    """Drop a null ``updated_at`` from the response to a create.

    Mistral 23.0.0 leaves ``updated_at`` out of the responses to POST
    /v2/workflows and POST /v2/environments; a later GET has it, null until
    the first update.
    """
    if "updated_at" in wire and wire["updated_at"] is None:
        wire = {name: value for name, value in wire.items() if name != "updated_at"}
    return wire


def error_body(status_code, message):
    return {
        "faultcode": "Server" if status_code >= 500 else "Client",
        "faultstring": message,
        "debuginfo": None,
    }
