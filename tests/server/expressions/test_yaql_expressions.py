"""YAQL expressions (``<% %>``): data context, functions and result types."""

import datetime
import json
import uuid

import pytest

from mistralclient_env.server.expressions import evaluate


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        pytest.param("<% $.status %>", 200, id="data"),
        pytest.param("<% $.nested %>", {"k": "v"}, id="data mapping"),
        pytest.param("<% $.status = 200 %>", True, id="condition"),
        pytest.param("<% $.names.select($ + '!') %>", ["a!", "b!"], id="select"),
        pytest.param("<% len($.names) %>", 2, id="len"),
        pytest.param("<% env().endpoint %>", "http://127.0.0.1:8080", id="env value"),
        pytest.param("<% env().hosts %>", ["alpha", "beta"], id="env list"),
        pytest.param("<% env().limits.retries %>", 3, id="env nested"),
        pytest.param("<% task().name %>", "report", id="current task"),
        pytest.param("<% task(report).id %>", "task-report-1", id="own name is current task"),
        pytest.param("<% task(fetch).result.status %>", 200, id="other task result"),
        pytest.param("<% task('fetch').published %>", {"status": 200}, id="other task published"),
        pytest.param("<% task(fetch).state %>", "SUCCESS", id="other task state"),
        pytest.param("<% task(fetch).state_info %>", None, id="other task state_info"),
        pytest.param("<% task(missing) %>", None, id="unknown task"),
        pytest.param("<% execution().id %>", "5f0c0e1c-0000-4000-8000-000000000001", id="execution id"),
        pytest.param("<% execution().name %>", "outage_wf", id="execution name"),
        pytest.param("<% dict(a => 1) %>", {"a": 1}, id="keyword operator"),
        pytest.param("<% json_parse('[1, {\"a\": null}]') %>", [1, {"a": None}], id="json_parse"),
        pytest.param("<% yaml_parse('a: [1, 2]') %>", {"a": [1, 2]}, id="yaml_parse"),
        pytest.param("<% yaml_dump(dict(a => 1)) %>", "a: 1\n", id="yaml_dump"),
    ],
)
def test_single_expression_value(context, expression, expected):
    assert evaluate(expression, context) == expected


def test_json_dump_of_data(context):
    assert json.loads(evaluate("<% json_dump($.nested) %>", context)) == {"k": "v"}


def test_uuid_is_random(context):
    first = evaluate("<% uuid() %>", context)

    assert uuid.UUID(first)
    assert evaluate("<% uuid() %>", context) != first


@pytest.mark.parametrize(
    ("expression", "expected_type"),
    [
        pytest.param("<% dict(a => [1, 2]) %>", dict, id="frozen dict"),
        pytest.param("<% $.names.toSet() %>", list, id="set"),
        pytest.param("<% $.names.select($) %>", list, id="iterator"),
        pytest.param("<% env().limits %>", dict, id="env mapping"),
        pytest.param("<% task(fetch).result.content.items %>", list, id="task result list"),
    ],
)
def test_results_are_plain_python(context, expression, expected_type):
    result = evaluate(expression, context)

    assert type(result) is expected_type
    assert json.loads(json.dumps(result)) == result


def test_datetime_becomes_iso_text(context):
    result = evaluate("<% now() %>", context)

    assert datetime.datetime.fromisoformat(result).tzinfo is not None


def test_mixed_text_is_string(context):
    assert evaluate("<% env().endpoint %>/v2?status=<% $.status %>", context) == (
        "http://127.0.0.1:8080/v2?status=200"
    )


def test_mixed_text_uses_python_str_like_mistral(context):
    assert evaluate("nested: <% $.nested %>, none: <% task(missing) %>", context) == (
        "nested: {'k': 'v'}, none: None"
    )


def test_whitespace_around_expression_makes_text(context):
    assert evaluate(" <% $.status %>", context) == " 200"


def test_multiline_expression(context):
    assert evaluate("<% $.names\n     .select($ + '?') %>", context) == ["a?", "b?"]


def test_task_without_current_task(context):
    context.current_task = None

    assert evaluate("<% task() %>", context) is None


def test_same_text_evaluates_against_each_context(context):
    first = evaluate("<% $.status %>", context)
    context.data = {"status": 503}

    assert (first, evaluate("<% $.status %>", context)) == (200, 503)
