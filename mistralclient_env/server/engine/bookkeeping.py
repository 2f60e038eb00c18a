"""Shared pieces of the workflow controller: iteration bookkeeping and state helpers."""

from sqlalchemy.orm.attributes import flag_modified

from mistralclient_env.server.engine import states

PENDING = "PENDING"
"""State of a with-items iteration that has not started."""

ACTIVE_TASK_STATES = frozenset(
    {states.IDLE, states.WAITING, states.RUNNING, states.RUNNING_DELAYED, states.PAUSED}
)

INTERNAL_ERROR = "The server failed while moving this task on; the server log has the details. Rerun the task."


class Failure(Exception):
    """A step of a task failed; the message becomes the task's state_info."""


class ItemCountChanged(Failure):
    """The with-items list of a task has another length than when the task started."""

    def __init__(self, task_name, old_count, new_count):
        super().__init__(
            f"The with-items item count of task '{task_name}' changed from {old_count} to {new_count}, "
            "so its failed iterations cannot be rerun by index. Rerun the task with reset "
            "(without --resume) to run every item."
        )


def iterations(task):
    return task.runtime_context.setdefault("iterations", [])


def new_iteration():
    return {"state": PENDING, "retry_no": 0, "unit": None, "error": None}


def set_json(row, name, value):
    setattr(row, name, value)
    flag_modified(row, name)


def set_task_state(task, state, state_info=None):
    states.check_transition("task execution", task.id, task.state, state)
    task.state = state
    task.state_info = state_info


def set_action_state(action_execution, state, state_info=None):
    states.check_transition("action execution", action_execution.id, action_execution.state, state)
    action_execution.state = state
    action_execution.state_info = state_info
