"""JSON Schema of the workflow language subset, and the error it reports.

The schema checks the shape of each workflow and task: which keys exist,
their types and their ranges. The parser checks what a schema cannot
express (transition targets, inline parameters, ``with-items`` clauses).
A subschema may carry a ``message``, an annotation that jsonschema ignores
and that replaces the generic text when that subschema fails.
"""

import jsonschema

from mistralclient_env.server.dsl.paths import format_path
from mistralclient_env.server.engine.errors import DSLError

# Keys of Mistral's workflow language that this server does not run, with
# the feature each one stands for.
UNSUPPORTED_KEYS = {
    "task-defaults": "task defaults",
    "output-on-error": "workflow output on error",
    "publish-on-error": "publishing on error",
    "safe-rerun": "safe rerun",
    "keep-result": "keep-result",
    "target": "task targets",
    "fail-on": "fail-on conditions",
    "on-skip": "on-skip transitions",
    "requires": "task requirements of reverse workflows",
    "break-on": "retry break-on conditions",
    "continue-on": "retry continue-on conditions",
}

_EXPRESSION_PATTERN = r"^\s*(<%[\s\S]*%>|\{\{[\s\S]*\}\})\s*$"

_NON_EMPTY_STRING = {"type": "string", "minLength": 1}

_EXPRESSION = {"type": "string", "pattern": _EXPRESSION_PATTERN}

_NON_EMPTY_MAPPING = {"type": "object", "minProperties": 1}

_TAGS = {"type": "array", "items": _NON_EMPTY_STRING, "uniqueItems": True, "minItems": 1}


def _expression_or(schema, message):
    return {"anyOf": [_EXPRESSION, schema], "message": message}


_NON_NEGATIVE_INT_OR_EXPRESSION = _expression_or(
    {"type": "integer", "minimum": 0},
    "must be a non-negative integer or an expression",
)

_SECONDS_OR_EXPRESSION = _expression_or(
    {"type": "number", "minimum": 0},
    "must be a non-negative number of seconds or an expression",
)

_RETRY = {
    "type": "object",
    "properties": {
        "count": _NON_NEGATIVE_INT_OR_EXPRESSION,
        "delay": _NON_NEGATIVE_INT_OR_EXPRESSION,
    },
    "required": ["count", "delay"],
    "additionalProperties": False,
}

_TRANSITIONS = {
    "type": ["string", "object", "array"],
    "minLength": 1,
    "minItems": 1,
    "message": "must be a task name, a mapping {task name: condition} or a list of them",
}

_TASK = {
    "type": "object",
    "properties": {
        "description": _NON_EMPTY_STRING,
        "tags": _TAGS,
        "action": _NON_EMPTY_STRING,
        "workflow": _NON_EMPTY_STRING,
        "input": {
            "type": "object",
            "minProperties": 1,
            "message": "must be a non-empty mapping of parameter names to values",
        },
        "publish": _NON_EMPTY_MAPPING,
        "on-success": _TRANSITIONS,
        "on-error": _TRANSITIONS,
        "on-complete": _TRANSITIONS,
        "join": {
            "anyOf": [{"enum": ["all", "one"]}, {"type": "integer", "minimum": 1}],
            "message": "must be 'all', 'one' or a positive integer",
        },
        "retry": _RETRY,
        "with-items": {
            "anyOf": [
                _NON_EMPTY_STRING,
                {"type": "array", "items": _NON_EMPTY_STRING, "minItems": 1},
            ],
            "message": "must be a 'name in <expression or list>' clause or a list of them",
        },
        "concurrency": _expression_or(
            {"type": "integer", "minimum": 1},
            "must be a positive integer or an expression",
        ),
        "pause-before": _expression_or({"type": "boolean"}, "must be a boolean or an expression"),
        "wait-before": _SECONDS_OR_EXPRESSION,
        "wait-after": _SECONDS_OR_EXPRESSION,
        "timeout": _SECONDS_OR_EXPRESSION,
    },
    "additionalProperties": False,
}

_INPUT_ENTRY = {
    "anyOf": [
        _NON_EMPTY_STRING,
        {"type": "object", "minProperties": 1, "maxProperties": 1},
    ],
    "message": "must be a parameter name or a mapping {name: default value}",
}

_WORKFLOW = {
    "type": "object",
    "properties": {
        "type": {"enum": ["direct"], "message": "must be 'direct'"},
        "description": _NON_EMPTY_STRING,
        "tags": _TAGS,
        "input": {"type": "array", "items": _INPUT_ENTRY, "minItems": 1},
        "vars": _NON_EMPTY_MAPPING,
        "output": _NON_EMPTY_MAPPING,
        "tasks": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {
                "pattern": r"^\S+$",
                "message": "task names must not be empty or contain spaces",
            },
            "additionalProperties": _TASK,
        },
    },
    "required": ["tasks"],
    "additionalProperties": False,
}

DOCUMENT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {"version": {"type": ["string", "number"]}},
    "required": ["version"],
    "additionalProperties": _WORKFLOW,
    "minProperties": 2,
    "message": "must contain 'version' and at least one workflow",
}

_VALIDATOR = jsonschema.Draft202012Validator(DOCUMENT_SCHEMA)

# When several checks fail on the same element, report the most telling.
_VALIDATOR_PRIORITY = {"type": 0, "additionalProperties": 1, "required": 2}

_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
}


def validate_structure(document):
    """Raise DSLError for the first element, in document order, that breaks the schema."""
    errors = list(_VALIDATOR.iter_errors(document))
    if not errors:
        return

    first = min(errors, key=lambda error: _sort_key(document, error))
    path, message = _describe(first)
    raise DSLError(format_path(path), message)


def _sort_key(document, error):
    return (
        _document_position(document, list(error.absolute_path)),
        _VALIDATOR_PRIORITY.get(error.validator, 9),
    )


def _document_position(document, path):
    """Return the indexes that order ``path`` as the element appears in the text."""
    position = []
    node = document
    for part in path:
        if isinstance(node, dict):
            position.append(list(node).index(part))
        else:
            position.append(part)
        node = node[part]

    return tuple(position)


def _describe(error):
    """Return the path and the message that explain one schema error."""
    path = list(error.absolute_path)
    custom = error.schema.get("message") if isinstance(error.schema, dict) else None

    if error.validator == "additionalProperties":
        return _describe_extra_key(error, path)

    if "propertyNames" in error.schema_path:
        # The failing element is the key itself, which is the error's instance.
        return path + [error.instance], custom or error.message

    if custom:
        return path, custom

    if error.validator == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else expected
        return path, "must be " + " or ".join(_TYPE_NAMES.get(name, name) for name in names)

    if error.validator == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        return path, f"missing required key '{missing[0]}'"

    if error.validator in ("minLength", "minItems", "minProperties"):
        return path, "must not be empty"

    if error.validator == "uniqueItems":
        return path, "contains the same entry twice"

    if error.validator == "minimum":
        return path, f"must be at least {error.validator_value}"

    if error.validator == "enum":
        choices = ", ".join(repr(choice) for choice in error.validator_value)
        return path, f"must be one of {choices}"

    if error.validator in ("anyOf", "oneOf") and error.context:
        return _describe(jsonschema.exceptions.best_match(error.context))

    return path, error.message


def _describe_extra_key(error, path):
    known = set(error.schema.get("properties", {}))
    extra = [key for key in error.instance if key not in known]
    key = extra[0]

    if key in UNSUPPORTED_KEYS:
        message = f"'{key}' ({UNSUPPORTED_KEYS[key]}) is not supported by this server"
    else:
        message = f"unknown key '{key}'"

    return path + [key], message
