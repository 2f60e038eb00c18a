"""The registered actions, their parameters, and how to run one."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from mistralclient_env.server.actions import http, std
from mistralclient_env.server.actions.errors import UnknownActionError
from mistralclient_env.server.engine.errors import InvalidInputError

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Action:
    """One action: the function that runs it and the names of its parameters."""

    name: str
    run: Callable  # run(params: dict, cancel_event) -> result
    required: tuple = ()
    optional: tuple = ()

    @property
    def parameters(self):
        return self.required + self.optional


_ACTIONS = {
    action.name: action
    for action in (
        Action("std.noop", std.noop),
        Action("std.echo", std.echo, required=("output",), optional=("delay",)),
        Action("std.fail", std.fail, optional=("error_data",)),
        Action("std.sleep", std.sleep, optional=("seconds",)),
        Action(
            "std.http",
            http.http,
            required=("url",),
            optional=(
                "method", "params", "body", "json", "headers", "cookies",
                "auth", "timeout", "allow_redirects", "proxies", "verify",
            ),
        ),
    )
}

ACTION_NAMES = tuple(_ACTIONS)


def check_action(name, input_keys=None):
    """Raise unless ``name`` is a registered action and ``input_keys`` fit its parameters.

    Raises UnknownActionError for an unknown name. When ``input_keys`` is
    given, raises InvalidInputError for a parameter the action does not take
    or a required one that is missing. Returns the Action.
    """
    action = _ACTIONS.get(name)
    if action is None:
        raise UnknownActionError(
            f"unknown action '{name}'. The available actions are {', '.join(ACTION_NAMES)}"
        )

    if input_keys is None:
        return action

    keys = list(input_keys)
    unknown = [key for key in keys if key not in action.parameters]
    if unknown:
        raise InvalidInputError(
            f"action {name} has no parameter '{unknown[0]}'. "
            f"Its parameters are {', '.join(action.parameters) or 'none'}"
        )

    missing = [key for key in action.required if key not in keys]
    if missing:
        raise InvalidInputError(f"action {name} requires the parameter '{missing[0]}'")

    return action


def run_action(name, input, cancel_event=None):
    """Run an action on the calling thread and return its result.

    ``input`` maps parameter names to evaluated values. Raises the errors of
    check_action for a bad name or parameters, and ActionError when the
    action fails. ``cancel_event`` (a threading.Event) set while std.sleep
    or std.echo waits makes them raise ActionCancelledError at once.
    """
    action = check_action(name, input.keys())

    LOG.debug("Running action %s with parameters %s", name, sorted(input))
    return action.run(dict(input), cancel_event)
