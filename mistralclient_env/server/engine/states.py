"""States of workflow, task and action executions, their groups and transitions.

Names and transitions follow OpenStack Mistral. SKIPPED is a task that failed
and that an operator chose to skip; workflows never take it. Every change of
state goes through :func:`check_transition`.
"""

from mistralclient_env.server.engine.errors import InvalidStateTransitionError

IDLE = "IDLE"
WAITING = "WAITING"
RUNNING = "RUNNING"
RUNNING_DELAYED = "DELAYED"
PAUSED = "PAUSED"
SUCCESS = "SUCCESS"
ERROR = "ERROR"
CANCELLED = "CANCELLED"
SKIPPED = "SKIPPED"

WORKFLOW_STATES = frozenset({IDLE, RUNNING, PAUSED, SUCCESS, ERROR, CANCELLED})
TASK_STATES = frozenset(
    {IDLE, WAITING, RUNNING, RUNNING_DELAYED, PAUSED, SUCCESS, ERROR, CANCELLED, SKIPPED}
)
ALL_STATES = WORKFLOW_STATES | TASK_STATES

COMPLETED = frozenset({SUCCESS, ERROR, CANCELLED, SKIPPED})
"""Final unless an operator reruns: no engine step leaves these on its own."""

RUNNING_GROUP = frozenset({RUNNING, RUNNING_DELAYED})

ENV_UPDATABLE = frozenset({IDLE, PAUSED, ERROR})
"""Execution states in which the env may change, by update or by task rerun."""

RESUMABLE = frozenset({IDLE, PAUSED})
"""Execution states that ``state: RUNNING`` resumes."""

STOP_STATES = frozenset({SUCCESS, ERROR, CANCELLED})
"""States an operator may force a workflow execution into."""

_WORKFLOW_TRANSITIONS = {
    IDLE: {RUNNING, ERROR, CANCELLED},
    RUNNING: {PAUSED, SUCCESS, ERROR, CANCELLED},
    PAUSED: {RUNNING, SUCCESS, ERROR, CANCELLED},
    SUCCESS: set(),
    # An ERROR execution runs again when one of its tasks is rerun.
    ERROR: {RUNNING},
    CANCELLED: set(),
}

_TASK_TRANSITIONS = {
    # IDLE -> DELAYED: a task with wait-before waits before its first start.
    IDLE: {WAITING, RUNNING, RUNNING_DELAYED, ERROR, CANCELLED},
    WAITING: {RUNNING, RUNNING_DELAYED, PAUSED, ERROR, CANCELLED},
    RUNNING: {RUNNING_DELAYED, PAUSED, SUCCESS, ERROR, CANCELLED},
    RUNNING_DELAYED: {RUNNING, PAUSED, ERROR, CANCELLED},
    PAUSED: {RUNNING, RUNNING_DELAYED, ERROR, CANCELLED},
    SUCCESS: set(),
    # A rerun brings a failed task back; a skip closes it for good.
    ERROR: {RUNNING, WAITING, SKIPPED},
    CANCELLED: set(),
    SKIPPED: set(),
}

_TRANSITIONS = {
    "workflow execution": _WORKFLOW_TRANSITIONS,
    "task execution": _TASK_TRANSITIONS,
    "action execution": _TASK_TRANSITIONS,
}


def is_valid_transition(kind, from_state, to_state):
    """Tell whether an entity of ``kind`` may go from one state to another.

    ``kind`` is ``"workflow execution"``, ``"task execution"`` or
    ``"action execution"``. Staying in the same state is always allowed.
    """
    table = _TRANSITIONS[kind]

    if from_state not in table or to_state not in table:
        return False

    return from_state == to_state or to_state in table[from_state]


def check_transition(kind, entity_id, from_state, to_state):
    """Raise InvalidStateTransitionError unless the transition is allowed."""
    if not is_valid_transition(kind, from_state, to_state):
        raise InvalidStateTransitionError(kind, entity_id, from_state, to_state)
