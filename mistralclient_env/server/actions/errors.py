"""Errors of the action registry and of running actions."""

from mistralclient_env.server.engine.errors import InvalidInputError


class ActionError(Exception):
    """An action that ran and failed.

    ``data`` is what the action returns as its error result: std.fail's
    ``error_data``, std.http's result dict for a 4xx or 5xx status, or None.
    The message never contains header values, request bodies or credentials.
    """

    def __init__(self, message, data=None):
        super().__init__(message)
        self.message = message
        self.data = data


class ActionCancelledError(ActionError):
    """An action that stopped early because ``cancel_event`` was set.

    The engine sets it when the execution is stopped (cancelled, or forced
    into ERROR or SUCCESS), when the task times out, and when the server stops.
    """


class UnknownActionError(InvalidInputError):
    """No action is registered under that name."""
