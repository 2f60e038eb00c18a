"""YAQL evaluation with Mistral's engine options and functions.

``$`` is the data context. The engine options are Mistral's defaults:
``=>`` as the keyword operator for ``dict(a => 1)``, no delegates, tuples
converted to lists. Two limits that Mistral leaves off are set here, a
memory quota and a maximum number of items per iteration
(``expressions.limits``), and the functions of ``yaql_limits`` replace
some of the standard library's.

NOTE: the limits bound memory, not time: nested iterations below the item
limit can still keep an engine worker busy for a long time.
"""

# yaql 3.2.0 uses collections.abc without importing it, so import it first.
import collections.abc  # noqa: F401
import functools
import re

import yaql
from yaql.language import exceptions as yaql_exceptions
from yaql.language import factory
from yaql.language import utils as yaql_utils

from mistralclient_env.server.expressions import functions, limits, yaql_limits
from mistralclient_env.server.expressions.context import redact, to_plain
from mistralclient_env.server.expressions.errors import (
    UNDEFINED,
    UNKNOWN_FUNCTION,
    ExpressionError,
    ExpressionSyntaxError,
)

_ENGINE = factory.YaqlFactory(keyword_operator="=>", allow_delegates=False).create(
    options={
        "yaql.limitIterators": limits.MAX_ITEMS,
        "yaql.memoryQuota": limits.YAQL_MEMORY_QUOTA,
        "yaql.convertTuplesToLists": True,
        "yaql.convertSetsToLists": False,
        "yaql.iterableDicts": False,
        "yaql.convertOutputData": True,
    }
)

# Key of the yaql context entry that contains the ExpressionContext.
_CONTEXT_KEY = "__expression_context"

_SYNTAX_ERRORS = (
    yaql_exceptions.YaqlGrammarException,
    yaql_exceptions.YaqlLexicalException,
)

# yaql's resolution errors quote the function or method name in double quotes.
_QUOTED_NAME = re.compile(r'"([^"]*)"')


def _context_of(yaql_context):
    return yaql_context[_CONTEXT_KEY]


def _env(context):
    return yaql_utils.convert_input_data(functions.env(_context_of(context)))


def _execution(context):
    return yaql_utils.convert_input_data(functions.execution(_context_of(context)))


def _task(context, name=None):
    return yaql_utils.convert_input_data(functions.task(_context_of(context), name))


def _json_parse(context, text):
    return yaql_utils.convert_input_data(functions.json_parse(_context_of(context), text))


def _json_dump(context, data):
    return functions.json_dump(_context_of(context), data)


def _yaml_parse(context, text):
    return yaql_utils.convert_input_data(functions.yaml_parse(_context_of(context), text))


def _yaml_dump(context, data):
    return functions.yaml_dump(_context_of(context), data)


def _uuid(context):
    return functions.uuid(_context_of(context))


def _create_root_context():
    root = yaql.create_context()
    yaql_limits.register(root)
    for name, function in (
        ("env", _env),
        ("execution", _execution),
        ("task", _task),
        ("json_parse", _json_parse),
        ("json_dump", _json_dump),
        ("yaml_parse", _yaml_parse),
        ("yaml_dump", _yaml_dump),
        ("uuid", _uuid),
    ):
        root.register_function(function, name=name)

    return root


_ROOT_CONTEXT = _create_root_context()


@functools.lru_cache(maxsize=4096)
def _parse(body):
    """Return the parsed expression, cached because the engine evaluates the same text many times."""
    return _ENGINE(body.strip())


def validate(expression, body):
    """Raise ExpressionSyntaxError unless ``body`` (the text inside ``<% %>``) parses."""
    try:
        _parse(body)
    except _SYNTAX_ERRORS as error:
        raise ExpressionSyntaxError(expression, _syntax_reason(error)) from None
    except (yaql_exceptions.YaqlException, KeyError, ValueError, TypeError) as error:
        raise ExpressionSyntaxError(expression, str(error)) from None


def evaluate(expression, body, context):
    """Evaluate ``body`` against an ExpressionContext and return a plain Python value."""
    validate(expression, body)

    yaql_context = _ROOT_CONTEXT.create_child_context()
    yaql_context["$"] = yaql_utils.convert_input_data(context.data)
    yaql_context[_CONTEXT_KEY] = context

    try:
        result = to_plain(_parse(body).evaluate(context=yaql_context))
        limits.check_result(result)
        return result
    except Exception as error:  # noqa: BLE001 (any failure of user code becomes one error)
        raise _evaluation_error(expression, error, context) from None


def _syntax_reason(error):
    if error.position is None:
        return "the expression ends too early"

    if isinstance(error, yaql_exceptions.YaqlLexicalException):
        return f"illegal character '{error.value}' at position {error.position + 1}"

    return f"unexpected '{error.value}' at position {error.position + 1}"


def _evaluation_error(expression, error, context):
    """Return the ExpressionError for a failure, described without the values of the context."""
    reason, kind = _evaluation_reason(error, context)
    return ExpressionError(expression, reason, kind=kind)


def _evaluation_reason(error, context):
    """Return ``(reason, kind)`` of an evaluation failure, without the values of the context."""
    if isinstance(error, limits.LimitExceeded):
        return str(error), str(error)

    if isinstance(error, yaql_exceptions.MemoryQuotaExceededException):
        reason = f"the expression needs more memory than the limit of {limits.YAQL_MEMORY_QUOTA} bytes"
        return reason, reason

    if isinstance(error, yaql_exceptions.CollectionTooLargeException):
        reason = f"a collection has more than the limit of {limits.MAX_ITEMS} items"
        return reason, reason

    if isinstance(error, KeyError) and error.args:
        return redact(f"key {error.args[0]!r} not found", context), UNDEFINED

    if isinstance(error, yaql_exceptions.MethodResolutionError):
        # The library's message prints the receiver, which may be an env value.
        return f"no method '{_quoted_name(error)}' accepts this receiver and these arguments", UNKNOWN_FUNCTION

    if isinstance(error, yaql_exceptions.FunctionResolutionError):
        name = _quoted_name(error)
        if name.startswith("#operator_"):
            return f"operator '{name[len('#operator_'):]}' does not accept these operands", UNKNOWN_FUNCTION
        if isinstance(error, yaql_exceptions.NoFunctionRegisteredException):
            return f"unknown function '{name}'", UNKNOWN_FUNCTION
        return f"function '{name}' does not accept these arguments", UNKNOWN_FUNCTION

    return redact(f"{type(error).__name__}: {error}", context), type(error).__name__


def _quoted_name(error):
    match = _QUOTED_NAME.search(str(error))
    return match.group(1) if match else "?"
