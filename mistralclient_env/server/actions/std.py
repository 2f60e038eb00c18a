"""The std.noop, std.echo, std.fail and std.sleep actions."""

import logging
import math
import time

from mistralclient_env.server.actions.errors import ActionCancelledError, ActionError

LOG = logging.getLogger(__name__)

FAIL_MESSAGE = "Fail action expected exception."


def noop(params, cancel_event):
    """Do nothing and return None."""
    return None


def echo(params, cancel_event):
    """Return ``output`` after ``delay`` seconds (0 by default)."""
    delay = _seconds(params.get("delay", 0), "std.echo", "delay")
    _wait(delay, cancel_event, "std.echo")

    return params["output"]


def fail(params, cancel_event):
    """Raise ActionError, with ``error_data`` as its data when given.

    With ``error_data``, the message is that data when it is a string (so
    the task's state_info reads it), else Mistral's fixed message.
    """
    error_data = params.get("error_data")
    if error_data and isinstance(error_data, str):
        raise ActionError(error_data, data=error_data)

    raise ActionError(FAIL_MESSAGE, data=error_data or None)


def sleep(params, cancel_event):
    """Wait ``seconds`` (an int, float or numeric string, 1 by default) and return None.

    Negative values count as 0, as in Mistral. Raises ActionCancelledError
    when ``cancel_event`` is set before the time is up.
    """
    seconds = _seconds(params.get("seconds", 1), "std.sleep", "seconds")
    LOG.debug("std.sleep waits %s seconds", seconds)
    _wait(seconds, cancel_event, "std.sleep")

    return None


def _seconds(value, action, name):
    if isinstance(value, bool):
        raise ActionError(f"{action}: parameter '{name}' must be a number of seconds, not a boolean")

    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ActionError(
            f"{action}: parameter '{name}' must be a number of seconds, "
            f"got a value of type {type(value).__name__}"
        ) from None

    if not math.isfinite(seconds):
        raise ActionError(f"{action}: parameter '{name}' must be a finite number of seconds")

    return max(seconds, 0.0)


def _wait(seconds, cancel_event, action):
    if seconds <= 0:
        return

    if cancel_event is None:
        time.sleep(seconds)
        return

    if cancel_event.wait(seconds):
        raise ActionCancelledError(f"{action} was cancelled before its time was up")
