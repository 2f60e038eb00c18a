"""evaluate_env(): expressions inside a start env, evaluated against the env itself."""

import pytest

from mistralclient_env.server.expressions import EnvExpressionError, ExpressionError, evaluate_env, format_path

EXECUTION = {"id": "exec-1", "name": "outage_wf", "input": {}, "params": {}}


def test_expressions_read_the_env():
    env = {
        "base": "http://127.0.0.1:9000",
        "url": "<% env().base %>/v2",
        "nested": {"jinja": "{{ env().base }}/health", "list": ["<% env().base %>"]},
        "count": 3,
    }

    assert evaluate_env(env, EXECUTION) == {
        "base": "http://127.0.0.1:9000",
        "url": "http://127.0.0.1:9000/v2",
        "nested": {"jinja": "http://127.0.0.1:9000/health", "list": ["http://127.0.0.1:9000"]},
        "count": 3,
    }


def test_single_expression_keeps_type():
    assert evaluate_env({"n": 2, "double": "<% env().n * 2 %>"}, EXECUTION)["double"] == 4


def test_one_pass_only():
    env = {"a": "x", "b": "<% env().a %>-b", "c": "<% env().b %>-c"}

    assert evaluate_env(env, EXECUTION)["c"] == "<% env().a %>-b-c"


def test_execution_function():
    assert evaluate_env({"who": "<% execution().name %>"}, EXECUTION) == {"who": "outage_wf"}


def test_env_is_not_changed():
    env = {"a": "1", "b": "<% env().a %>"}
    evaluate_env(env, EXECUTION)

    assert env == {"a": "1", "b": "<% env().a %>"}


def test_env_without_expressions_is_equal():
    env = {"token": "abc", "hosts": ["h1"]}

    assert evaluate_env(env, EXECUTION) == env


def test_error_hides_env_values():
    env = {"token": "very-secret-token", "bad": "<% int(env().token) %>"}

    with pytest.raises(ExpressionError) as caught:
        evaluate_env(env, EXECUTION)

    assert "very-secret-token" not in str(caught.value)


@pytest.mark.parametrize("env, path", [
    ({"password": "x{{ y }}-very-secret"}, ("password",)),
    ({"db": {"password": "<% very-secret %>"}}, ("db", "password")),
    ({"hosts": ["ok", "{{ 1 / 0 }}very-secret"]}, ("hosts", 1)),
])
def test_error_names_the_key_path_only(env, path):
    with pytest.raises(EnvExpressionError) as caught:
        evaluate_env(env, EXECUTION)

    assert caught.value.path == path
    assert "very-secret" not in str(caught.value)
    assert caught.value.kind in str(caught.value)


@pytest.mark.parametrize("path, text", [
    (("password",), "password"),
    (("db", "password"), "db.password"),
    (("hosts", 2), "hosts[2]"),
    (("a", 0, "b"), "a[0].b"),
])
def test_format_path(path, text):
    assert format_path(path) == text
