"""Expressions cannot build values over the size limits: they fail with the limit, never with the value.

Each case would allocate from hundreds of megabytes to gigabytes without
the limits; with them, it fails at once with an ExpressionError. Ordinary
uses of the same operators keep working.
"""

import pytest

from mistralclient_env.server.expressions import ExpressionContext, ExpressionError, evaluate, limits

SECRET = "secret-value-4c2d"

OVERSIZED = [
    pytest.param("<% 'x' * 100000000 %>", id="yaql-string-repeat"),
    pytest.param("<% [1] * 100000000 %>", id="yaql-list-repeat"),
    pytest.param("<% pow(2, 100000000) %>", id="yaql-power"),
    pytest.param("<% range(1000000000).toList() %>", id="yaql-long-iteration"),
    pytest.param("<% let(a => 'x' * 900000) -> concat($a, $a) %>", id="yaql-concat"),
    pytest.param("<% let(a => 'x' * 900000) -> $a + $a %>", id="yaql-plus"),
    pytest.param("<% [('x' * 900000)] * 2 %>", id="yaql-shared-items"),
    pytest.param("<% let(a => 'x' * 900000) -> [$a, $a].join('') %>", id="yaql-join"),
    pytest.param("<% ('x' * 900000).replace('x', 'yy') %>", id="yaql-replace"),
    pytest.param("<% let(a => 'x' * 900000) -> str([$a, $a]) %>", id="yaql-str"),
    pytest.param("<% let(a => 'x' * 900000) -> json_dump([$a, $a]) %>", id="yaql-json-dump"),
    pytest.param("{{ 'x' * 1000000000 }}", id="jinja-string-repeat"),
    pytest.param("{{ [1] * 1000000000 }}", id="jinja-list-repeat"),
    pytest.param("{{ ['x' * 900000] * 2 }}", id="jinja-shared-items"),
    pytest.param("{{ 2 ** 100000000 }}", id="jinja-power"),
    pytest.param("{{ 'x'.ljust(1000000000) }}", id="jinja-ljust"),
    pytest.param("{{ 'x'.center(1000000000) }}", id="jinja-center"),
    pytest.param("{{ ('x' * 900000).replace('x', 'yy') }}", id="jinja-replace"),
    pytest.param("{{ ''.join(['x' * 900000] * 2) }}", id="jinja-join-method"),
    pytest.param("{{ '{0}{0}'.format('x' * 900000) }}", id="jinja-format-method"),
    pytest.param("{{ '%s%s' % ('x' * 900000, 'x' * 900000) }}", id="jinja-percent"),
    pytest.param("{{ '%999999999s' % 'x' }}", id="jinja-percent-width"),
    pytest.param("{{ 'x' | center(1000000000) }}", id="jinja-center-filter"),
    pytest.param("{{ ('x\\n' * 500000) | indent(100) }}", id="jinja-indent-filter"),
    pytest.param("{{ ['x' * 900000, 'x' * 900000] | join }}", id="jinja-join-filter"),
    pytest.param("{{ '%s%s' | format('x' * 900000, 'x' * 900000) }}", id="jinja-format-filter"),
    pytest.param("{{ ['x' * 900000] * 1 + ['x' * 900000] }}", id="jinja-list-plus"),
    pytest.param("{% set a = 'x' * 900000 %}{{ a ~ a }}", id="jinja-tilde"),
    pytest.param("{% set a = 'x' * 900000 %}{{ a }}{{ a }}", id="jinja-template-output"),
    pytest.param("{% set a = 'x' * 900000 %}{% for i in range(1000) %}{{ a }}{% endfor %}", id="jinja-loop-output"),
    pytest.param("{% set a = ['x' * 900000] %}{% for i in range(10) %}{{ a.append(a[0]) }}{% endfor %}{{ a }}",
                 id="jinja-append"),
    pytest.param("{{ range(1000000000) | list }}", id="jinja-range"),
    pytest.param("<% 'x' * 600000 %>-<% 'x' * 600000 %>", id="yaql-mixed-text"),
]


@pytest.fixture
def context():
    return ExpressionContext(data={"secret": SECRET}, env={"token": SECRET}, execution={}, task_lookup=None)


@pytest.mark.parametrize("expression", OVERSIZED)
def test_oversized_expression_fails_with_the_limit(context, expression):
    with pytest.raises(ExpressionError) as caught:
        evaluate(expression, context)

    assert "limit" in str(caught.value)
    assert "limit" in caught.value.kind


def test_limit_error_shows_no_value(context):
    with pytest.raises(ExpressionError) as caught:
        evaluate("<% $.secret * 1000000 %>", context)

    assert SECRET not in str(caught.value)


def test_many_expressions_in_one_value_share_the_limit(context):
    value = {f"k{index}": "<% 'x' * 400000 %>" for index in range(4)}

    with pytest.raises(ExpressionError) as caught:
        evaluate(value, context)

    assert f"limit of {limits.MAX_RESULT_SIZE} characters" in str(caught.value)


def test_deeply_nested_result_fails(context):
    nested = "[" * 150 + "]" * 150

    with pytest.raises(ExpressionError) as caught:
        evaluate(f"<% json_parse('{nested}') %>", context)

    assert "nested deeper than the limit of 100 levels" in str(caught.value)


@pytest.mark.parametrize("expression, expected", [
    ("<% 'ab' * 3 %>", "ababab"),
    ("<% [1] * 3 %>", [1, 1, 1]),
    ("<% 'a' + 'b' %>", "ab"),
    ("<% 1 + 2 %>", 3),
    ("<% [1] + [2] %>", [1, 2]),
    ("<% pow(2, 10) %>", 1024),
    ("<% pow(2, 10, 1000) %>", 24),
    ("<% concat('a', 'b', 'c') %>", "abc"),
    ("<% [1, 2].join(',') %>", "1,2"),
    ("<% ','.join(['a', 'b']) %>", "a,b"),
    ("<% 'abc'.replace('b', 'xy') %>", "axyc"),
    ("<% str(null) %>", "null"),
    ("<% range(10).sum() %>", 45),
    ("<% 'x' * 1000000 %>", "x" * 1000000),
    ("{{ 'ab' * 3 }}", "ababab"),
    ("{{ 2 ** 10 }}", 1024),
    ("{{ 'a' ~ 'b' ~ 1 }}", "ab1"),
    ("{{ '%05d' % 42 }}", "00042"),
    ("{{ '{0}-{1}'.format('a', 'b') }}", "a-b"),
    ("{{ 'x'.ljust(3, '.') }}", "x.."),
    ("{{ ['a', 'b'] | join(',') }}", "a,b"),
    ("{{ range(3) | join }}", "012"),
    ("{{ 'ab' | center(4) }}", " ab "),
    ("{{ 'a\\nb' | indent(2) }}", "a\n  b"),
    ("{{ 'a-b' | replace('-', '+') }}", "a+b"),
    ("{{ [1, 2] | tojson }}", "[1, 2]"),
    ("x{% for i in range(3) %}{{ i }}{% endfor %}", "x012"),
    ("{% set l = [] %}{{ l.append(1) }}{{ l }}", "None[1]"),
])
def test_ordinary_expressions_still_work(context, expression, expected):
    assert evaluate(expression, context) == expected


def test_lipsum_is_not_available(context):
    with pytest.raises(ExpressionError):
        evaluate("{{ lipsum(1000000) }}", context)
