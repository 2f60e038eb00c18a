"""The state machine of workflow, task and action executions."""

import pytest

from mistralclient_env.server.engine import states
from mistralclient_env.server.engine.errors import InvalidStateTransitionError

WORKFLOW = "workflow execution"
TASK = "task execution"

ALLOWED = [
    (WORKFLOW, states.IDLE, states.RUNNING),
    (WORKFLOW, states.RUNNING, states.PAUSED),
    (WORKFLOW, states.PAUSED, states.RUNNING),
    (WORKFLOW, states.RUNNING, states.SUCCESS),
    (WORKFLOW, states.RUNNING, states.ERROR),
    (WORKFLOW, states.RUNNING, states.CANCELLED),
    (WORKFLOW, states.PAUSED, states.CANCELLED),
    (WORKFLOW, states.ERROR, states.RUNNING),
    (WORKFLOW, states.SUCCESS, states.SUCCESS),
    (TASK, states.IDLE, states.RUNNING),
    (TASK, states.IDLE, states.RUNNING_DELAYED),
    (TASK, states.WAITING, states.RUNNING),
    (TASK, states.RUNNING, states.RUNNING_DELAYED),
    (TASK, states.RUNNING_DELAYED, states.RUNNING),
    (TASK, states.RUNNING, states.SUCCESS),
    (TASK, states.RUNNING, states.ERROR),
    (TASK, states.ERROR, states.RUNNING),
    (TASK, states.ERROR, states.WAITING),
    (TASK, states.ERROR, states.SKIPPED),
]

REJECTED = [
    (WORKFLOW, states.SUCCESS, states.RUNNING),
    (WORKFLOW, states.CANCELLED, states.RUNNING),
    (WORKFLOW, states.ERROR, states.PAUSED),
    (WORKFLOW, states.IDLE, states.PAUSED),
    (WORKFLOW, states.SUCCESS, states.ERROR),
    (WORKFLOW, states.RUNNING, states.SKIPPED),
    (TASK, states.SUCCESS, states.RUNNING),
    (TASK, states.SKIPPED, states.RUNNING),
    (TASK, states.CANCELLED, states.RUNNING),
    (TASK, states.IDLE, states.SUCCESS),
    (TASK, states.ERROR, states.SUCCESS),
]


@pytest.mark.parametrize("kind, from_state, to_state", ALLOWED)
def test_allowed_transition_passes(kind, from_state, to_state):
    states.check_transition(kind, "id-1", from_state, to_state)


@pytest.mark.parametrize("kind, from_state, to_state", REJECTED)
def test_rejected_transition_names_both_states(kind, from_state, to_state):
    with pytest.raises(InvalidStateTransitionError) as raised:
        states.check_transition(kind, "id-1", from_state, to_state)

    message = str(raised.value)
    assert from_state in message
    assert to_state in message
    assert "id-1" in message


def test_unknown_state_is_rejected():
    assert not states.is_valid_transition(WORKFLOW, states.RUNNING, "BOGUS")


def test_env_updatable_states():
    assert states.ENV_UPDATABLE == {states.IDLE, states.PAUSED, states.ERROR}
