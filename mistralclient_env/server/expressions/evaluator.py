"""Evaluate the expressions inside workflow values.

A string that is exactly one expression (``<% $.count %>``) yields the value
of the expression, of any type. A string with text around expressions
(``"<% $.base %>/v2"``) yields a string in which each YAQL expression is
replaced by ``str()`` of its value, as Mistral does, or the rendered
Jinja2 template. Dicts and lists are evaluated item by item (values only,
not keys). Anything else is returned unchanged.
"""

import logging

from mistralclient_env.server.expressions import jinja_evaluator, template, yaql_evaluator
from mistralclient_env.server.expressions.context import ExpressionContext

LOG = logging.getLogger(__name__)


def is_expression(value):
    """Tell whether ``value`` is a string that contains a YAQL or Jinja2 expression."""
    if not isinstance(value, str):
        return False

    return (
        template.YAQL_PATTERN.search(value) is not None
        or template.JINJA_EXPRESSION_PATTERN.search(value) is not None
        or template.JINJA_STATEMENT_PATTERN.search(value) is not None
    )


def is_single_expression(value):
    """Tell whether ``value`` is a string that is exactly one expression and nothing else."""
    return isinstance(value, str) and template.single_expression(value) is not None


def validate(text):
    """Raise ExpressionSyntaxError if an expression in ``text`` cannot be parsed."""
    language = template.language_of(text)
    if language is None:
        return

    single = template.single_expression(text)
    if language == template.YAQL:
        for match in template.YAQL_PATTERN.finditer(text):
            yaql_evaluator.validate(match.group(0), match.group(1))
    elif single:
        jinja_evaluator.validate_expression(text, single[1])
    else:
        jinja_evaluator.validate_template(text)


def evaluate(value, context):
    """Return ``value`` with every expression in it evaluated against ``context``.

    Raises ExpressionError, whose message names the expression and the
    reason but no value of the context.
    """
    if isinstance(value, str):
        return _evaluate_string(value, context)

    if isinstance(value, dict):
        return {key: evaluate(item, context) for key, item in value.items()}

    if isinstance(value, list):
        return [evaluate(item, context) for item in value]

    return value


def _evaluate_string(text, context):
    language = template.language_of(text)
    if language is None:
        return text

    single = template.single_expression(text)
    if single:
        body = single[1]
        if language == template.YAQL:
            return yaql_evaluator.evaluate(text, body, context)
        return jinja_evaluator.evaluate_expression(text, body, context)

    if language == template.JINJA:
        return jinja_evaluator.render(text, context)

    return template.YAQL_PATTERN.sub(
        lambda match: str(yaql_evaluator.evaluate(match.group(0), match.group(1), context)),
        text,
    )


def evaluate_env(env, execution):
    """Evaluate the expressions inside a start env once, against the env itself.

    ``env()`` returns the env as given, so ``"<% env().base %>/v2"`` reads the
    unevaluated ``base``. Expressions that refer to other expressions are not
    resolved in turn. The data context ``$`` is empty and ``task()`` returns
    None. Returns a new dict. Raises ExpressionError.
    """
    context = ExpressionContext(data={}, env=env, execution=execution, task_lookup=None)
    evaluated = evaluate(env, context)

    LOG.debug("Evaluated start env keys %s", sorted(evaluated))
    return evaluated
