"""evaluate() on dicts, lists and non-string values."""

from mistralclient_env.server.expressions import evaluate, is_expression, is_single_expression


def test_nested_structure(context):
    value = {
        "url": "<% env().endpoint %>/v2",
        "headers": {"Token": "{{ env().token }}"},
        "hosts": ["<% env().hosts[0] %>", "literal", 7],
    }

    assert evaluate(value, context) == {
        "url": "http://127.0.0.1:8080/v2",
        "headers": {"Token": "tok-4f2a9c-secret"},
        "hosts": ["alpha", "literal", 7],
    }


def test_keys_are_not_evaluated(context):
    assert evaluate({"<% $.status %>": 1}, context) == {"<% $.status %>": 1}


def test_input_is_not_changed(context):
    value = {"a": ["<% $.status %>"]}
    evaluate(value, context)

    assert value == {"a": ["<% $.status %>"]}


def test_non_strings_pass_through(context):
    assert [evaluate(item, context) for item in (None, 3, 1.5, True)] == [None, 3, 1.5, True]


def test_string_without_expression_is_unchanged(context):
    assert evaluate("100% <b> {not jinja}", context) == "100% <b> {not jinja}"


def test_is_expression():
    assert [is_expression(text) for text in ("<% 1 %>", "a {{ b }}", "{% if x %}{% endif %}")] == [
        True,
        True,
        True,
    ]


def test_is_not_expression():
    assert [is_expression(value) for value in ("<% open", "{ a }", 5, None)] == [False] * 4


def test_is_single_expression():
    assert [is_single_expression(text) for text in ("<% $.a %>", "{{ _.a }}", "x<% $.a %>", "<% 1 %><% 2 %>")] == [
        True,
        True,
        False,
        False,
    ]
