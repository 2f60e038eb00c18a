"""The workflow controller: how tasks of direct workflows start, finish and lead on.

Every function here runs inside a ``TreeTransaction``: the tree is locked,
the transaction is open, and side effects (running an action, arming a
timer) are queued with ``tx.after_commit``. Nothing here runs an action.

Bookkeeping of a task lives in its ``runtime_context``:

- ``iterations``: one entry per with-items iteration (a single one without
  with-items): ``{"state", "retry_no", "unit", "error"}``. ``state`` is
  PENDING (not started), RUNNING, DELAYED (waiting for a retry), SUCCESS or
  ERROR; ``unit`` is the id of the action execution or sub-workflow
  execution that runs it.
- ``with_items``: ``{"items": [{variable: value}, ...], "concurrency": n}``.
- ``triggered_by``: ``[{"task_id", "event"}]``, the transitions that led here.
- ``timers``: pending timers ``{"kind", "due", "token", "index", "fired"}``.
  ``fired`` marks a timer that went off while the execution was not
  running. The engine acts on it when the execution runs again.
- ``held``: ``"advance"`` for a task that waits to start until its execution
  runs again (pause-before, or created while paused), ``"rerun"`` for a
  rerun accepted while the execution was paused.
- ``attempt``: how many times the task has started (a timeout applies to one
  attempt); ``paused_before``: the pause-before already happened;
  ``error_handled``: an on-error transition was taken (an on-complete one
  does not handle the error);
  ``pending_outcome``: the outcome waiting for wait-after to pass.

A task counts as completed when its state is in ``states.COMPLETED``. It is
``processed`` once its transitions have been followed; while its execution
is paused they wait, and the resume follows them.
"""

import logging

from sqlalchemy import false, select

from mistralclient_env.server import expressions
from mistralclient_env.server.db import models
from mistralclient_env.server.engine import views
from mistralclient_env.server.engine.bookkeeping import (
    ACTIVE_TASK_STATES,
    Failure,
    set_action_state,
    set_task_state,
)
from mistralclient_env.server.engine.dispatch import Dispatch
from mistralclient_env.server.engine.interventions import Interventions
from mistralclient_env.server.engine.lifecycle import ExecutionLifecycle
from mistralclient_env.server.engine.task_completion import TaskCompletion
from mistralclient_env.server.engine.task_start import TaskStart
from mistralclient_env.server.engine.timers import Timers
from mistralclient_env.server.engine.workflow_lookup import complete_input, find_workflow_definition

# engine.executions imports complete_input and find_workflow_definition from here.
__all__ = ["Controller", "complete_input", "find_workflow_definition"]

LOG = logging.getLogger(__name__)


class Controller(ExecutionLifecycle, TaskStart, Dispatch, TaskCompletion, Timers, Interventions):
    """Moves workflow trees forward. One instance serves the whole server.

    ``specs`` is the SpecCache. ``submit(run)`` hands an ActionRun to the
    worker pool, ``cancel(action_execution_id)`` cancels one, and
    ``arm(delay, root_id, task_id, timer)`` arms a timer; all three are called
    only after commit. The steps live in the parts it inherits, one module
    each: ``lifecycle``, ``task_start``, ``dispatch``, ``task_completion``,
    ``timers`` and ``interventions``. This module contains the lookups and
    the expression evaluation that every part uses.
    """

    def __init__(self, specs, submit, cancel, arm):
        self.specs = specs
        self._submit = submit
        self._cancel = cancel
        self.arm_timer = arm

    # -- lookups ---------------------------------------------------------

    def spec_of(self, execution):
        return self.specs.execution_workflow(execution)

    def tasks_of(self, tx, execution, *where):
        """Return the tasks of an execution that match every ``where`` clause, oldest first.

        Without a clause this loads every task of the execution, which a long
        execution makes expensive: the steps that run on every transition use
        ``unsettled_tasks`` or a clause on an indexed column instead.
        """
        statement = (
            select(models.TaskExecution)
            .where(models.TaskExecution.workflow_execution_id == execution.id, *where)
            .order_by(models.TaskExecution.created_at, models.TaskExecution.id)
        )
        return list(tx.session.scalars(statement))

    def unsettled_tasks(self, tx, execution):
        """Return the tasks that are active, or completed with transitions still to follow, oldest first.

        Every other task is settled: completed and processed. The two queries
        each use an index (one query with OR makes SQLite scan every task of
        the execution), so the cost grows with the number of unsettled tasks
        only, not with the length of the execution.
        """
        task = models.TaskExecution
        found = {row.id: row for row in self.tasks_of(tx, execution, task.state.in_(ACTIVE_TASK_STATES))}
        found.update((row.id, row) for row in self.tasks_of(tx, execution, task.processed == false()))
        return sorted(found.values(), key=lambda row: (row.created_at, row.id))

    def executions_of_tree(self, tx):
        """Return every execution of the tree, the root first, deeper ones later."""
        statement = select(models.WorkflowExecution).where(
            models.WorkflowExecution.root_execution_id == tx.root.id
        )
        children = sorted(
            tx.session.scalars(statement),
            key=lambda execution: ((execution.runtime_context or {}).get("depth", 1), execution.created_at),
        )
        return [tx.root, *children]

    def _latest_task(self, tx, execution, name):
        statement = (
            select(models.TaskExecution)
            .where(
                models.TaskExecution.workflow_execution_id == execution.id,
                models.TaskExecution.name == name,
            )
            .order_by(models.TaskExecution.created_at.desc(), models.TaskExecution.id.desc())
            .limit(1)
        )
        return tx.session.scalars(statement).first()

    # -- expressions -----------------------------------------------------

    def expression_context(self, tx, execution, data=None, current_task=None, env=None):
        """Return the context of an expression; ``env`` replaces the tree's current env when given."""
        def task_lookup(name):
            task = self._latest_task(tx, execution, name)
            return views.task_expression_view(task) if task is not None else None

        return expressions.ExpressionContext(
            data=dict(execution.context or {}) if data is None else data,
            env=tx.env if env is None else env,
            execution=views.execution_expression_view(execution),
            task_lookup=task_lookup,
            current_task=current_task,
        )

    def evaluate(self, tx, execution, value, data=None, current_task=None, env=None):
        """Evaluate ``value``; an ExpressionError becomes a Failure with its message."""
        if not _has_expression(value):
            return value

        context = self.expression_context(tx, execution, data=data, current_task=current_task, env=env)
        try:
            return expressions.evaluate(value, context)
        except expressions.ExpressionError as error:
            raise Failure(str(error)) from None

    def _number(self, tx, execution, value, what, task, data=None):
        value = self.evaluate(tx, execution, value, data=data, current_task=views.task_expression_view(task))
        if value is None or value is False:
            return 0
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Failure(f"The {what} of task '{task.name}' must be a number of seconds or a count, not {type(value).__name__}.")
        return value

    # -- state helpers ------------------------------------------------------------

    _set_task_state = staticmethod(set_task_state)
    _set_action_state = staticmethod(set_action_state)


def _has_expression(value):
    if isinstance(value, str):
        return expressions.is_expression(value)
    if isinstance(value, dict):
        return any(_has_expression(key) or _has_expression(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_expression(item) for item in value)
    return False

