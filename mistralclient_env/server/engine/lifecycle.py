"""The life of a workflow execution: its start, its completion, and the report to a parent task.

``ExecutionLifecycle`` is a part of the workflow Controller (which inherits
it). Its methods run inside a ``TreeTransaction`` like every Controller
method, and the module ``engine.controller`` describes the bookkeeping they
keep in a task's ``runtime_context``.
"""

import logging

from mistralclient_env.server.db import models
from mistralclient_env.server.engine import states
from mistralclient_env.server.engine.bookkeeping import (
    ACTIVE_TASK_STATES,
    Failure,
    iterations as _iterations,
    set_json as _set_json,
)

LOG = logging.getLogger(__name__)


class ExecutionLifecycle:
    def start_execution(self, tx, execution):
        """Move a new execution from IDLE to RUNNING and start its first tasks."""
        spec = self.spec_of(execution)
        self.set_execution_state(execution, states.RUNNING)

        # The data context starts with the input and the vars evaluated against it.
        context = dict(execution.input or {})
        try:
            variables = self.evaluate(tx, execution, spec.vars or {}, data=context)
        except Failure as failure:
            self.complete_execution(tx, execution, states.ERROR, f"Failed to evaluate the vars: {failure}")
            return
        context.update(variables or {})
        _set_json(execution, "context", context)

        for task_spec in spec.start_tasks():
            self.trigger_task(tx, execution, spec, task_spec.name, None)

        self.check_completion(tx, execution)

    def set_execution_state(self, execution, state, state_info=None):
        states.check_transition("workflow execution", execution.id, execution.state, state)
        execution.state = state
        execution.state_info = state_info

    def complete_execution(self, tx, execution, state, state_info=None, output=None):
        self.set_execution_state(execution, state, state_info)
        if output is not None:
            _set_json(execution, "output", output)

        LOG.info("Workflow execution %s (%s) is now %s", execution.id, execution.workflow_name, state)

        if execution.task_execution_id:
            tx.defer(self.on_child_finished, execution.id)

    def check_completion(self, tx, execution):
        """Complete a RUNNING execution when none of its tasks can move any more."""
        if execution.state != states.RUNNING:
            return

        unsettled = self.unsettled_tasks(tx, execution)
        for task in unsettled:
            rc = task.runtime_context or {}
            if task.state == states.WAITING and not rc.get("held"):
                continue
            if task.state in ACTIVE_TASK_STATES or (task.state in states.COMPLETED and not task.processed):
                return

        errors = self.tasks_of(tx, execution, models.TaskExecution.state == states.ERROR)
        failed = [task.name for task in errors if not (task.runtime_context or {}).get("error_handled")]
        if failed:
            names = ", ".join(dict.fromkeys(failed))
            self.complete_execution(tx, execution, states.ERROR, f"Failure caused by error in tasks: {names}")
            return

        waiting = [task for task in unsettled if task.state == states.WAITING]
        if waiting:
            for task in waiting:
                self._set_task_state(task, states.ERROR, "The join of this task can never be satisfied: "
                                     "not every inbound task led to it.")
                task.finished_at = tx.now
                task.processed = True
            names = ", ".join(task.name for task in waiting)
            self.complete_execution(tx, execution, states.ERROR, f"Failure caused by unsatisfied joins: {names}")
            return

        spec = self.spec_of(execution)
        try:
            if spec.output is None:
                output = dict(execution.context or {})
            else:
                output = self.evaluate(tx, execution, spec.output)
        except Failure as failure:
            self.complete_execution(tx, execution, states.ERROR, f"Failed to evaluate the output: {failure}")
            return

        self.complete_execution(tx, execution, states.SUCCESS, None, output=output)

    def on_child_finished(self, tx, child_id):
        """Report a finished sub-workflow execution to the task that started it."""
        child = tx.session.get(models.WorkflowExecution, child_id)
        if child is None or not child.accepted or child.state not in states.COMPLETED:
            return

        task = tx.session.get(models.TaskExecution, child.task_execution_id)
        if task is None or task.state not in (states.RUNNING, states.RUNNING_DELAYED):
            return

        index = (child.runtime_context or {}).get("index", 0)
        iteration = _iterations(task)[index]
        if iteration.get("unit") != child.id or iteration["state"] != states.RUNNING:
            return

        execution = tx.session.get(models.WorkflowExecution, task.workflow_execution_id)
        message = None
        if child.state != states.SUCCESS:
            message = f"Sub-workflow execution {child.id} ended in {child.state}"
            if child.state_info:
                message += f": {child.state_info}"

        self.on_unit_done(tx, execution, task, index, child.state == states.SUCCESS, message)

