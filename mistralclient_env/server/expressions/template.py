"""Find YAQL and Jinja2 expressions inside a string.

YAQL is written ``<% ... %>``, Jinja2 ``{{ ... }}`` for an expression and
``{% ... %}`` for a statement. Unlike Mistral, an expression may span
several lines. One string contains expressions of one language only, as
Mistral requires.
"""

import re

from mistralclient_env.server.expressions.errors import ExpressionSyntaxError

YAQL = "yaql"
JINJA = "jinja"

YAQL_PATTERN = re.compile(r"<%(.*?)%>", re.DOTALL)
JINJA_EXPRESSION_PATTERN = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
JINJA_STATEMENT_PATTERN = re.compile(r"\{%(.*?)%\}", re.DOTALL)


def language_of(text):
    """Return YAQL, JINJA or None for a string without expressions.

    Raises ExpressionSyntaxError when the string mixes both languages.
    """
    has_yaql = YAQL_PATTERN.search(text) is not None
    has_jinja = (
        JINJA_EXPRESSION_PATTERN.search(text) is not None
        or JINJA_STATEMENT_PATTERN.search(text) is not None
    )

    if has_yaql and has_jinja:
        raise ExpressionSyntaxError(
            text, "YAQL and Jinja2 cannot be mixed in one string. Use one of them"
        )

    if has_yaql:
        return YAQL

    return JINJA if has_jinja else None


def single_expression(text):
    """Return ``(language, body)`` when ``text`` is exactly one expression, else None.

    Text around the delimiters, even a space, makes it mixed text.
    """
    for language, opening, closing, nested in (
        (YAQL, "<%", "%>", ("<%", "%>")),
        (JINJA, "{{", "}}", ("{{", "{%")),
    ):
        if len(text) < 4 or not (text.startswith(opening) and text.endswith(closing)):
            continue

        body = text[2:-2]
        if not any(marker in body for marker in nested):
            return language, body

    return None
