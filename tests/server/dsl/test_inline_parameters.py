"""Inline parameters: ``action: NAME key=value ...`` split into a name and a dict."""

import pytest

from mistralclient_env.server.dsl.inline import (
    InlineParameterError,
    parse_parameters,
    split_command,
)


def test_name_alone_has_no_parameters():
    assert split_command("std.noop") == ("std.noop", {})


def test_mixed_value_kinds():
    text = (
        'std.http url=<% env().endpoint %> method=POST headers={"A": "b"} '
        'body="two words"'
    )

    assert split_command(text) == (
        "std.http",
        {
            "url": "<% env().endpoint %>",
            "method": "POST",
            "headers": {"A": "b"},
            "body": "two words",
        },
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a=5", 5, id="integer"),
        pytest.param("a=0.5", 0.5, id="float"),
        pytest.param("a=-3", -3, id="negative"),
        pytest.param("a=1e3", 1000.0, id="exponent"),
        pytest.param("a=007", "007", id="leading zeros stay text"),
        pytest.param("a=true", True, id="true"),
        pytest.param("a=false", False, id="false"),
        pytest.param("a=null", None, id="null"),
        pytest.param("a=True", "True", id="python boolean is text"),
        pytest.param("a=[1, 2]", [1, 2], id="list"),
        pytest.param('a={"k": [1, {"n": null}]}', {"k": [1, {"n": None}]}, id="nested object"),
        pytest.param('a={"k": "]}"}', {"k": "]}"}, id="brackets inside json string"),
        pytest.param('a="two words"', "two words", id="double quotes"),
        pytest.param("a='two words'", "two words", id="single quotes"),
        pytest.param('a="5"', "5", id="quoted number stays text"),
        pytest.param('a=""', "", id="empty quoted"),
        pytest.param(r'a="C:\path"', r"C:\path", id="no escape processing"),
        pytest.param("a=http://host:8080/x?y=1", "http://host:8080/x?y=1", id="plain text with equals"),
        pytest.param("a=<% $.x + 1 %>", "<% $.x + 1 %>", id="yaql with spaces"),
        pytest.param("a={{ _.x | upper }}", "{{ _.x | upper }}", id="jinja with spaces"),
        pytest.param("a=<% env().base %>/v2", "<% env().base %>/v2", id="expression with suffix"),
        pytest.param("a=v<% $.n %>.<% $.m %>", "v<% $.n %>.<% $.m %>", id="two expressions glued"),
        pytest.param('a="<% $.x %> done"', "<% $.x %> done", id="quoted expression"),
        pytest.param('a=["<% $.x %>"]', ["<% $.x %>"], id="json list with expression string"),
    ],
)
def test_value_kinds(text, expected):
    assert parse_parameters(text) == {"a": expected}


def test_keys_with_dash_and_underscore():
    assert parse_parameters("error_data=1 allow-redirects=false") == {
        "error_data": 1,
        "allow-redirects": False,
    }


def test_spaces_between_parameters_are_free():
    assert parse_parameters("  a=1\n\tb=2  ") == {"a": 1, "b": 2}


def test_parameter_order_is_kept():
    assert list(parse_parameters("z=1 a=2 m=3")) == ["z", "a", "m"]


def test_name_with_namespace_dots():
    assert split_command("my.custom.workflow x=1") == ("my.custom.workflow", {"x": 1})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("std.echo output", "expected key=value at 'output'", id="no equals"),
        pytest.param("std.echo output=", "has no value", id="no value"),
        pytest.param("std.echo output= x=1", "has no value", id="space after equals"),
        pytest.param("std.echo a=1 a=2", "'a' is given twice", id="repeated"),
        pytest.param('std.echo a="open', "is not closed", id="unclosed quote"),
        pytest.param("std.echo a=[1, 2", "is not closed", id="unclosed list"),
        pytest.param("std.echo a={'k': 1}", "not valid JSON", id="single quoted json"),
        pytest.param("std.echo a=[<% $.x %>]", "not valid JSON", id="bare expression in list"),
        pytest.param('std.echo a="x"y', "unexpected text after the value", id="text after quotes"),
        pytest.param("std.echo a=[1]x", "unexpected text after the value", id="text after json"),
        pytest.param("std.echo a=<% $.x", "no closing '%>'", id="unclosed yaql"),
        pytest.param("std.echo a={{ _.x", "no closing '}}'", id="unclosed jinja"),
        pytest.param("url=http://x", "starts with a parameter", id="missing name"),
        pytest.param("<% $.action %> a=1", "the name is an expression", id="expression name"),
        pytest.param("   ", "the name is empty", id="blank"),
    ],
)
def test_unreadable_text(text, message):
    with pytest.raises(InlineParameterError) as caught:
        split_command(text)

    assert message in str(caught.value)
