"""Errors the engine raises when it rejects a request.

The REST layer maps each class to an HTTP status in one registry
(``server/app.py``); the engine itself does not import any HTTP code. Every message
is shown to the API user as it is, so it may name ids, states and env keys
but never an env value, an input value or a token.
"""


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""


class NotFoundError(EngineError):
    """The execution, task, workflow or environment does not exist."""


class InvalidInputError(EngineError):
    """The request is malformed or requests something the engine does not support."""


class DSLError(InvalidInputError):
    """A workflow definition is invalid.

    ``path`` is the location of the first invalid element, such as
    ``my_wf.tasks.fetch.retry.count``, or ``""`` for the document itself.
    Control characters and line breaks in it are escaped (``\\u000a``), so
    that the message stays on one line wherever it is shown or logged.
    """

    def __init__(self, path, message):
        path = _one_line(path)
        self.path = path
        self.message = message
        where = f"Invalid workflow definition at '{path}': " if path else "Invalid workflow definition: "
        super().__init__(where + message)


def _one_line(text):
    return "".join(
        character if character == " " or character.isprintable() else f"\\u{ord(character):04x}"
        for character in text
    )


class InvalidStateTransitionError(InvalidInputError):
    """A state change that the state machine does not allow."""

    def __init__(self, kind, entity_id, from_state, to_state):
        self.kind = kind
        self.entity_id = entity_id
        self.from_state = from_state
        self.to_state = to_state
        super().__init__(
            f"Cannot change the state of {kind} {entity_id} from {from_state} to {to_state}."
        )


class StateForbidsError(EngineError):
    """The request is valid but the current state of the execution forbids it.

    For example an env update on a RUNNING execution, or the deletion of an
    unfinished execution without force.
    """


class ConflictError(EngineError):
    """An object with that name already exists."""
