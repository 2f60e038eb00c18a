"""Restart recovery: settle the work that was in flight when the server stopped.

Actions run in this process's memory, so an action that was running when the
process ended (SIGTERM or SIGKILL) is lost. At the next start:

- An action execution that was RUNNING goes to ERROR, and so does its task,
  with a state_info saying that a server restart interrupted it. A task
  waiting only for a timer (wait-before, a retry delay, wait-after) is not
  interrupted: its timer is armed again with the time that was left.
- A RUNNING execution with an interrupted task goes to ERROR, and so do the
  parent tasks and executions above it, so the operator can rerun the task
  (with a new env if needed). Its other tasks are left as they are; a timer
  that fires while the execution is in ERROR waits for the rerun.
- A PAUSED execution stays PAUSED: its interrupted tasks are ERROR but not
  yet processed, and the resume follows their on-error transitions or ends
  the execution in ERROR, as for any task that failed while paused.
- WAITING tasks (joins, or reruns waiting for a resume) and IDLE tasks held by
  a pause need nothing.
"""

import datetime
import logging

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from mistralclient_env.server.db import models
from mistralclient_env.server.engine import states
from mistralclient_env.server.engine.bookkeeping import set_action_state, set_task_state

LOG = logging.getLogger(__name__)

INTERRUPTED = "Interrupted by a server restart while it ran; rerun the task to run it again."


def recover(engine):
    """Recover every tree that has a task or action execution that is not finished."""
    with engine.db.read() as session:
        statement = (
            select(models.TaskExecution.root_execution_id)
            .where(models.TaskExecution.state.in_(
                (states.RUNNING, states.RUNNING_DELAYED, states.WAITING, states.IDLE)
            ))
            .distinct()
        )
        root_ids = list(session.scalars(statement))

    for root_id in root_ids:
        with engine.tree(root_id) as tx:
            _recover_tree(engine.controller, tx)


def _recover_tree(controller, tx):
    interrupted_children = set()

    # Deepest executions first, so that interrupted sub-workflows are known when their parent is checked.
    for execution in reversed(controller.executions_of_tree(tx)):
        interrupted = []

        for task in controller.tasks_of(tx, execution):
            if task.state in states.COMPLETED:
                continue
            if _interrupt_actions(tx, task) or _interrupt_children(task, interrupted_children):
                _fail_interrupted(task, tx, processed=execution.state != states.PAUSED)
                interrupted.append(task)
                LOG.warning("Task %s (%s) of workflow execution %s was interrupted by the restart; it is now ERROR",
                            task.id, task.name, execution.id)
            else:
                _arm_timers(controller, tx, task)

        if interrupted and execution.state == states.RUNNING:
            names = ", ".join(task.name for task in interrupted)
            controller.set_execution_state(
                execution, states.ERROR, f"Tasks interrupted by a server restart: {names}. Rerun them to continue."
            )
            interrupted_children.add(execution.id)
            LOG.warning("Workflow execution %s is now ERROR after the restart", execution.id)


def _interrupt_actions(tx, task):
    """Put the RUNNING action executions of a task into ERROR; tell whether there were any."""
    found = False
    for iteration in task.runtime_context.get("iterations", []):
        if iteration["state"] != states.RUNNING or not iteration.get("unit"):
            continue
        action_execution = tx.session.get(models.ActionExecution, iteration["unit"])
        if action_execution is None or action_execution.state != states.RUNNING:
            continue
        set_action_state(action_execution, states.ERROR, INTERRUPTED)
        action_execution.output = {"result": INTERRUPTED}
        found = True
    return found


def _interrupt_children(task, interrupted_children):
    return any(
        iteration.get("unit") in interrupted_children
        for iteration in task.runtime_context.get("iterations", [])
        if iteration["state"] == states.RUNNING
    )


def _fail_interrupted(task, tx, processed):
    rc = task.runtime_context
    for iteration in rc.get("iterations", []):
        if iteration["state"] not in (states.SUCCESS, states.ERROR):
            iteration["state"] = states.ERROR
            iteration["error"] = INTERRUPTED
    rc["timers"] = []
    rc.pop("pending_outcome", None)
    rc.pop("held", None)
    flag_modified(task, "runtime_context")

    if task.state == states.RUNNING_DELAYED:
        set_task_state(task, states.RUNNING)
    set_task_state(task, states.ERROR, INTERRUPTED)
    task.finished_at = tx.now
    task.processed = processed


def _arm_timers(controller, tx, task):
    for timer in task.runtime_context.get("timers", []):
        if timer.get("fired"):
            continue
        due = datetime.datetime.fromisoformat(timer["due"])
        delay = max(0.0, (due - tx.now).total_seconds())
        tx.after_commit(controller.arm_timer, delay, tx.root.id, task.id, dict(timer))
        LOG.info("Armed the %s timer of task %s again, due in %.1f s", timer["kind"], task.id, delay)
