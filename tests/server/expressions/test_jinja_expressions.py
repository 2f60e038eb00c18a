"""Jinja2 expressions (``{{ }}`` and ``{% %}``): data context, functions, sandbox."""

import json

import pytest

from mistralclient_env.server.expressions import evaluate


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        pytest.param("{{ _.status }}", 200, id="data"),
        pytest.param("{{ _.nested }}", {"k": "v"}, id="data mapping"),
        pytest.param("{{ _.status == 200 }}", True, id="condition"),
        pytest.param("{{ _.names | length }}", 2, id="filter"),
        pytest.param("{{ env().token }}", "tok-4f2a9c-secret", id="env value"),
        pytest.param("{{ env().limits.retries }}", 3, id="env nested"),
        pytest.param("{{ task().name }}", "report", id="current task"),
        pytest.param("{{ task('report').id }}", "task-report-1", id="own name is current task"),
        pytest.param("{{ task('fetch').result.status }}", 200, id="other task result"),
        pytest.param("{{ task('fetch').published }}", {"status": 200}, id="other task published"),
        pytest.param("{{ task('missing') }}", None, id="unknown task"),
        pytest.param("{{ execution().name }}", "outage_wf", id="execution name"),
        pytest.param("{{ json_parse('{\"a\": [1]}') }}", {"a": [1]}, id="json_parse"),
        pytest.param("{{ _.names | map('upper') }}", ["A", "B"], id="generator becomes list"),
        pytest.param("{{ (1, 2) }}", [1, 2], id="tuple becomes list"),
    ],
)
def test_single_expression_value(context, expression, expected):
    assert evaluate(expression, context) == expected


def test_json_dump(context):
    assert json.loads(evaluate("{{ json_dump(_.nested) }}", context)) == {"k": "v"}


def test_mixed_text_is_rendered(context):
    assert evaluate("{{ env().endpoint }}/v2?status={{ _.status }}", context) == (
        "http://127.0.0.1:8080/v2?status=200"
    )


def test_statement_block(context):
    text = "{% for host in env().hosts %}{{ host }};{% endfor %}"

    assert evaluate(text, context) == "alpha;beta;"


def test_two_expressions_are_rendered_as_text(context):
    assert evaluate("{{ _.status }}{{ _.status }}", context) == "200200"


def test_nested_braces_in_single_expression(context):
    assert evaluate("{{ {'a': {'b': 1}} }}", context) == {"a": {"b": 1}}
