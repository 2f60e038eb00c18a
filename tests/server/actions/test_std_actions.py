"""std.noop, std.echo, std.fail and std.sleep."""

import threading

import pytest

from mistralclient_env.server.actions import ActionCancelledError, ActionError, run_action


def test_noop_returns_none():
    assert run_action("std.noop", {}) is None


@pytest.mark.parametrize("output", ["text", 3, None, {"a": [1, 2]}])
def test_echo_returns_output(output):
    assert run_action("std.echo", {"output": output}) == output


def test_echo_with_delay():
    assert run_action("std.echo", {"output": "late", "delay": 0.01}) == "late"


def test_fail_default_message():
    with pytest.raises(ActionError) as caught:
        run_action("std.fail", {})

    assert str(caught.value) == "Fail action expected exception."
    assert caught.value.data is None


def test_fail_with_error_data():
    with pytest.raises(ActionError) as caught:
        run_action("std.fail", {"error_data": {"code": 42}})

    assert caught.value.data == {"code": 42}
    assert str(caught.value) == "Fail action expected exception."


def test_fail_with_text_error_data():
    with pytest.raises(ActionError) as caught:
        run_action("std.fail", {"error_data": "endpoint moved"})

    assert caught.value.data == "endpoint moved"
    assert str(caught.value) == "endpoint moved"


@pytest.mark.parametrize("seconds", [0, 0.01, "0.01", -5])
def test_sleep_accepts_numbers_and_numeric_text(seconds):
    assert run_action("std.sleep", {"seconds": seconds}) is None


@pytest.mark.parametrize("seconds", ["soon", None, True, [1], "inf"])
def test_sleep_rejects_other_values(seconds):
    with pytest.raises(ActionError) as caught:
        run_action("std.sleep", {"seconds": seconds})

    assert "'seconds' must be a" in str(caught.value)


def test_sleep_ends_when_cancelled():
    cancel = threading.Event()
    cancel.set()

    with pytest.raises(ActionCancelledError) as caught:
        run_action("std.sleep", {"seconds": 60}, cancel_event=cancel)

    assert "cancelled" in str(caught.value)


def test_sleep_wakes_when_cancelled_while_waiting():
    cancel = threading.Event()
    outcome = []

    def sleep():
        try:
            run_action("std.sleep", {"seconds": 60}, cancel_event=cancel)
        except ActionCancelledError as error:
            outcome.append(error)

    sleeper = threading.Thread(target=sleep)
    sleeper.start()
    cancel.set()
    sleeper.join(timeout=5)

    assert not sleeper.is_alive()
    assert len(outcome) == 1


def test_sleep_without_cancel_event_completes():
    assert run_action("std.sleep", {"seconds": 0.01}, cancel_event=None) is None


def test_cancelled_is_an_action_error():
    assert issubclass(ActionCancelledError, ActionError)


def test_input_dict_is_not_changed():
    params = {"output": {"a": 1}}
    run_action("std.echo", params)

    assert params == {"output": {"a": 1}}
