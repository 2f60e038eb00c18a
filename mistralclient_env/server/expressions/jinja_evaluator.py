"""Jinja2 evaluation in a sandbox, with Mistral's settings and functions.

``_`` is the data context. Undefined names and attributes raise an error
(StrictUndefined), as in Mistral. A string that is one ``{{ ... }}``
returns the value of the expression. Any other string is rendered as a
template and returns text. The sandbox bounds the size of every value a
template builds (``jinja_sandbox``).
"""

import functools

import jinja2

from mistralclient_env.server.expressions import functions, limits
from mistralclient_env.server.expressions.context import redact, to_plain
from mistralclient_env.server.expressions.errors import (
    UNDEFINED,
    ExpressionError,
    ExpressionSyntaxError,
)
from mistralclient_env.server.expressions.jinja_sandbox import BoundedSandbox, render_bounded

_ENVIRONMENT = BoundedSandbox(
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@functools.lru_cache(maxsize=4096)
def _compile_expression(body):
    return _ENVIRONMENT.compile_expression(body, undefined_to_none=False)


@functools.lru_cache(maxsize=4096)
def _compile_template(text):
    return _ENVIRONMENT.from_string(text)


def validate_expression(expression, body):
    """Raise ExpressionSyntaxError unless ``body`` (the text inside ``{{ }}``) parses."""
    try:
        _compile_expression(body)
    except jinja2.TemplateSyntaxError as error:
        raise ExpressionSyntaxError(expression, _syntax_reason(error)) from None


def validate_template(text):
    """Raise ExpressionSyntaxError unless ``text`` parses as a template."""
    try:
        _compile_template(text)
    except jinja2.TemplateSyntaxError as error:
        raise ExpressionSyntaxError(text, _syntax_reason(error)) from None


def evaluate_expression(expression, body, context):
    """Return the value of one ``{{ body }}`` as plain Python data."""
    validate_expression(expression, body)

    try:
        result = _compile_expression(body)(**_variables(context))
        if isinstance(result, jinja2.Undefined):
            # StrictUndefined raises only when used, so use it here.
            str(result)
        result = to_plain(result)
        limits.check_result(result)
        return result
    except Exception as error:  # noqa: BLE001 (any failure of user code becomes one error)
        raise _evaluation_error(expression, error, context) from None


def render(text, context):
    """Render ``text`` as a template and return the resulting string."""
    validate_template(text)

    try:
        return render_bounded(_compile_template(text), _variables(context))
    except Exception as error:  # noqa: BLE001 (any failure of user code becomes one error)
        raise _evaluation_error(text, error, context) from None


def _variables(context):
    variables = {"_": context.data}
    for name, function in functions.FUNCTIONS.items():
        variables[name] = functools.partial(function, context)

    return variables


def _syntax_reason(error):
    return f"{error.message} (line {error.lineno})"


def _evaluation_error(expression, error, context):
    """Return the ExpressionError for a failure, described without the values of the context."""
    if isinstance(error, limits.LimitExceeded):
        return ExpressionError(expression, str(error), kind=str(error))

    if isinstance(error, jinja2.UndefinedError):
        # The message names the missing variable or attribute only.
        return ExpressionError(expression, redact(str(error), context), kind=UNDEFINED)

    return ExpressionError(
        expression, redact(f"{type(error).__name__}: {error}", context), kind=type(error).__name__
    )
