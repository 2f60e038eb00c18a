"""YAQL (``<% %>``) and Jinja2 (``{{ }}``) expressions of the workflow language.

Expressions read the data context (``$`` in YAQL, ``_`` in Jinja2) and call
``env()``, ``task()``, ``task(name)``, ``execution()``, ``json_parse()``,
``json_dump()``, ``yaml_parse()``, ``yaml_dump()`` and ``uuid()``.
"""

from mistralclient_env.server.expressions.context import ExpressionContext
from mistralclient_env.server.expressions.errors import (
    EnvExpressionError,
    ExpressionError,
    ExpressionSyntaxError,
    format_path,
)
from mistralclient_env.server.expressions.evaluator import (
    evaluate,
    evaluate_env,
    is_expression,
    is_single_expression,
    validate,
)

__all__ = [
    "EnvExpressionError",
    "ExpressionContext",
    "ExpressionError",
    "ExpressionSyntaxError",
    "evaluate",
    "evaluate_env",
    "format_path",
    "is_expression",
    "is_single_expression",
    "validate",
]
