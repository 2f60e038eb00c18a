"""check_action(): action names and parameter names."""

import pytest

from mistralclient_env.server.actions import (
    ACTION_NAMES,
    UnknownActionError,
    check_action,
    run_action,
)
from mistralclient_env.server.engine.errors import InvalidInputError


def test_registered_names():
    assert set(ACTION_NAMES) == {"std.noop", "std.echo", "std.fail", "std.http", "std.sleep"}


@pytest.mark.parametrize("name", ["std.noop", "std.echo", "std.fail", "std.http", "std.sleep"])
def test_known_action_without_keys(name):
    check_action(name)


def test_unknown_action():
    with pytest.raises(UnknownActionError) as caught:
        check_action("std.ssh")

    assert "unknown action 'std.ssh'" in str(caught.value)


def test_unknown_action_is_invalid_input():
    assert issubclass(UnknownActionError, InvalidInputError)


def test_unknown_parameter():
    with pytest.raises(InvalidInputError) as caught:
        check_action("std.http", ["url", "retries"])

    assert str(caught.value).startswith("action std.http has no parameter 'retries'")


def test_missing_parameter():
    with pytest.raises(InvalidInputError) as caught:
        check_action("std.http", ["method"])

    assert str(caught.value) == "action std.http requires the parameter 'url'"


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("std.noop", []),
        ("std.echo", ["output", "delay"]),
        ("std.fail", ["error_data"]),
        ("std.sleep", ["seconds"]),
        (
            "std.http",
            [
                "url", "method", "params", "body", "json", "headers", "cookies",
                "auth", "timeout", "allow_redirects", "proxies", "verify",
            ],
        ),
    ],
)
def test_every_parameter_accepted(name, keys):
    check_action(name, keys)


def test_run_action_checks_parameters():
    with pytest.raises(InvalidInputError):
        run_action("std.noop", {"extra": 1})
