"""Expression failures: ExpressionError names the expression and never a context value."""

import pytest

from mistralclient_env.server.expressions import (
    ExpressionError,
    ExpressionSyntaxError,
    evaluate,
    validate,
)

SECRETS = ("tok-4f2a9c-secret", "input-hunter2", "http://127.0.0.1:8080", "alpha")


def failure(expression, context):
    with pytest.raises(ExpressionError) as caught:
        evaluate(expression, context)
    return caught.value


FAILURES = [
    ("<% $.missing %>", "key 'missing' not found"),
    ("<% $[env().token] %>", "not found"),
    ("<% env().token.nothing() %>", "no method 'nothing'"),
    ("<% int(env().token) %>", "ValueError"),
    ("<% env().token + 1 %>", "operator '+' does not accept these operands"),
    ("<% len(env().hosts, 2) %>", "function 'len' does not accept these arguments"),
    ("<% undefined_function() %>", "unknown function 'undefined_function'"),
    ("<% env().hosts[5] %>", "IndexError"),
    ("{{ _.missing }}", "has no attribute 'missing'"),
    ("{{ _[env().token] }}", "has no attribute"),
    ("{{ env().token | int + 'x' }}", "TypeError"),
    ("{{ env().token.__class__ }}", "SecurityError"),
    ("{{ unknown_name }}", "'unknown_name' is undefined"),
    ("{{ _.names.append }}", "cannot be stored as JSON"),
    ("prefix {{ _.missing }}", "has no attribute 'missing'"),
    ("prefix <% $.missing %>", "key 'missing' not found"),
    ("{{ json_parse(env().token) }}", "JSONDecodeError"),
]


@pytest.mark.parametrize(("expression", "reason"), FAILURES, ids=[case[0] for case in FAILURES])
def test_failure_reason(context, expression, reason):
    error = failure(expression, context)

    assert reason in error.reason


@pytest.mark.parametrize(("expression", "reason"), FAILURES, ids=[case[0] for case in FAILURES])
def test_failure_hides_context_values(context, expression, reason):
    message = str(failure(expression, context))

    assert [secret for secret in SECRETS if secret in message] == []


def test_message_names_the_expression(context):
    error = failure("<% $.missing %>", context)

    assert str(error) == "Failed to evaluate <% $.missing %>: key 'missing' not found"


def test_message_names_the_failing_part_of_mixed_text(context):
    error = failure("<% $.status %> and <% $.missing %>", context)

    assert error.expression == "<% $.missing %>"


def test_long_expression_is_shortened(context):
    expression = "<% $.missing" + " " * 300 + "%>"

    assert len(failure(expression, context).expression) < 210


def test_mixed_languages_rejected(context):
    with pytest.raises(ExpressionSyntaxError) as caught:
        evaluate("<% $.status %> {{ _.status }}", context)

    assert "cannot be mixed" in caught.value.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<% $.a[ %>", "ends too early"),
        ("<% $.a + ) %>", "unexpected ')'"),
        ("<% $.a ? %>", "illegal character '?'"),
        ("{{ _.a( }}", "unexpected"),
        ("{% for x in _.a %}", "endfor"),
        ("<% 1 %> {{ 2 }}", "cannot be mixed"),
    ],
)
def test_validate_rejects_syntax(text, reason):
    with pytest.raises(ExpressionSyntaxError) as caught:
        validate(text)

    assert reason in caught.value.reason


def test_syntax_error_message():
    with pytest.raises(ExpressionSyntaxError) as caught:
        validate("<% $.a[ %>")

    assert str(caught.value) == "Invalid expression <% $.a[ %>: the expression ends too early"


@pytest.mark.parametrize("text", ["<% $.a %>", "x {{ _.a }} y", "{% if _.a %}1{% endif %}", "plain"])
def test_validate_accepts(text):
    assert validate(text) is None
