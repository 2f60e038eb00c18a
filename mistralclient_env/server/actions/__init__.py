"""The std actions that tasks run: std.noop, std.echo, std.fail, std.sleep and std.http."""

from mistralclient_env.server.actions.errors import (
    ActionCancelledError,
    ActionError,
    UnknownActionError,
)
from mistralclient_env.server.actions.registry import ACTION_NAMES, check_action, run_action

__all__ = [
    "ACTION_NAMES",
    "ActionCancelledError",
    "ActionError",
    "UnknownActionError",
    "check_action",
    "run_action",
]
