"""Evaluate the expressions inside workflow values.

A string that is exactly one expression (``<% $.count %>``) yields the value
of the expression, of any type. A string with text around expressions
(``"<% $.base %>/v2"``) yields a string in which each YAQL expression is
replaced by ``str()`` of its value, as Mistral does, or the rendered
Jinja2 template. Dicts and lists are evaluated item by item (values only,
not keys). Anything else is returned unchanged.

The results of all the expressions in one value together may not be larger
than ``limits.MAX_RESULT_SIZE``, so a dict of many expressions cannot build
more than one large expression could.
"""

import logging

from mistralclient_env.server.expressions import jinja_evaluator, limits, template, yaql_evaluator
from mistralclient_env.server.expressions.context import ExpressionContext
from mistralclient_env.server.expressions.errors import EnvExpressionError, ExpressionError

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
    return _evaluate(value, context, _Budget())


def _evaluate(value, context, budget):
    if isinstance(value, str):
        return _evaluate_string(value, context, budget)

    if isinstance(value, dict):
        return {key: _evaluate(item, context, budget) for key, item in value.items()}

    if isinstance(value, list):
        return [_evaluate(item, context, budget) for item in value]

    return value


class _Budget:
    """The size that the expressions of one value may still produce, in characters."""

    def __init__(self):
        self.remaining = limits.MAX_RESULT_SIZE

    def spend(self, text, result):
        size = limits.size_of(result, self.remaining)
        if size > self.remaining:
            reason = (
                f"the results of the expressions in one value would be larger than the limit of "
                f"{limits.MAX_RESULT_SIZE} characters"
            )
            raise ExpressionError(text, reason, kind=reason)
        self.remaining -= size


def _evaluate_string(text, context, budget):
    language = template.language_of(text)
    if language is None:
        return text

    single = template.single_expression(text)
    if single:
        body = single[1]
        if language == template.YAQL:
            result = yaql_evaluator.evaluate(text, body, context)
        else:
            result = jinja_evaluator.evaluate_expression(text, body, context)
    elif language == template.JINJA:
        result = jinja_evaluator.render(text, context)
    else:
        result = _substitute_yaql(text, context)

    budget.spend(text, result)
    return result


def _substitute_yaql(text, context):
    """Replace each ``<% %>`` in ``text`` by ``str()`` of its value, within the size limit."""
    parts = []
    length = 0
    end = 0

    for match in template.YAQL_PATTERN.finditer(text):
        value = str(yaql_evaluator.evaluate(match.group(0), match.group(1), context))
        parts += [text[end:match.start()], value]
        length += match.start() - end + len(value)
        end = match.end()

        if length > limits.MAX_RESULT_SIZE:
            reason = f"the text would be larger than the limit of {limits.MAX_RESULT_SIZE} characters"
            raise ExpressionError(text, reason, kind=reason)

    parts.append(text[end:])
    return "".join(parts)


def evaluate_env(env, execution):
    """Evaluate the expressions inside a start env once, against the env itself.

    ``env()`` returns the env as given, so ``"<% env().base %>/v2"`` reads the
    unevaluated ``base``. Expressions that refer to other expressions are not
    resolved in turn. The data context ``$`` is empty and ``task()`` returns
    None. Returns a new dict.

    Raises EnvExpressionError, which names the key path of the value that
    failed and the kind of failure, but neither the value nor the reason:
    an env value that looks like an expression may be a password.
    """
    context = ExpressionContext(data={}, env=env, execution=execution, task_lookup=None)
    evaluated = _evaluate_env_value(env, context, _Budget(), ())

    LOG.debug("Evaluated start env keys %s", sorted(evaluated))
    return evaluated


def _evaluate_env_value(value, context, budget, path):
    if isinstance(value, dict):
        return {key: _evaluate_env_value(item, context, budget, (*path, key)) for key, item in value.items()}

    if isinstance(value, list):
        return [_evaluate_env_value(item, context, budget, (*path, index)) for index, item in enumerate(value)]

    if not isinstance(value, str):
        return value

    try:
        return _evaluate_string(value, context, budget)
    except ExpressionError as error:
        raise EnvExpressionError(path, error.kind) from None
