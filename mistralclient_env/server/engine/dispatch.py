"""Iterations of a running task: their actions and sub-workflows, outcomes and retries.

An iteration runs in a unit: an action execution, or a sub-workflow
execution for a task with ``workflow``. ``Dispatch`` is a part of the
workflow Controller (which inherits it). Its methods run inside a
``TreeTransaction`` like every Controller method, and the module
``engine.controller`` describes the bookkeeping they keep in a task's
``runtime_context``.
"""

import logging

from sqlalchemy.orm.attributes import flag_modified

from mistralclient_env.server import actions
from mistralclient_env.server.db import models
from mistralclient_env.server.engine import states, views
from mistralclient_env.server.engine.bookkeeping import (
    PENDING,
    Failure,
    iterations as _iterations,
)
from mistralclient_env.server.engine.errors import DSLError, InvalidInputError
from mistralclient_env.server.engine.runner import ActionRun
from mistralclient_env.server.engine.workflow_lookup import complete_input, find_workflow_definition

LOG = logging.getLogger(__name__)

MAX_DEPTH = 20
"""Maximum nesting depth of sub-workflows. A deeper one fails its task, so a
workflow that starts itself fails instead of recursing for ever."""


class Dispatch:
    def dispatch(self, tx, execution, spec, task):
        """Start PENDING iterations up to the concurrency; finish the task when all are done.

        A paused execution starts no new iteration; the resume dispatches again.
        """
        task_spec = spec.tasks[task.name]

        while task.state == states.RUNNING and execution.state == states.RUNNING:
            iterations = _iterations(task)
            concurrency = (task.runtime_context.get("with_items") or {}).get("concurrency") or 0
            active = sum(1 for it in iterations if it["state"] in (states.RUNNING, states.RUNNING_DELAYED))
            pending = [index for index, it in enumerate(iterations) if it["state"] == PENDING]

            if not pending or (concurrency > 0 and active >= concurrency):
                break

            index = pending[0]
            try:
                self._start_unit(tx, execution, task_spec, task, index)
            except Failure as failure:
                self.iteration_failed(tx, execution, spec, task, index, str(failure))

        iterations = _iterations(task)
        if task.state == states.RUNNING and all(it["state"] in (states.SUCCESS, states.ERROR) for it in iterations):
            self.finish_task(tx, execution, spec, task)

    def _start_unit(self, tx, execution, task_spec, task, index):
        rc = task.runtime_context
        data = dict(execution.context or {})
        if rc.get("with_items"):
            data.update(rc["with_items"]["items"][index])

        unit_input = self.evaluate(tx, execution, task_spec.input or {}, data=data,
                                   current_task=views.task_expression_view(task))
        if not isinstance(unit_input, dict):
            raise Failure(f"The input of task '{task.name}' must be a mapping, not {type(unit_input).__name__}.")

        if task_spec.action:
            unit_id = self._start_action(tx, execution, task_spec, task, index, unit_input)
        else:
            unit_id = self._start_sub_workflow(tx, execution, task_spec, task, index, unit_input)

        iteration = rc["iterations"][index]
        iteration["state"] = states.RUNNING
        iteration["unit"] = unit_id
        iteration["error"] = None
        flag_modified(task, "runtime_context")

        if task_spec.workflow:
            child = tx.session.get(models.WorkflowExecution, unit_id)
            self.start_execution(tx, child)

    def _start_action(self, tx, execution, task_spec, task, index, unit_input):
        try:
            actions.check_action(task_spec.action, list(unit_input))
        except InvalidInputError as error:
            raise Failure(str(error)) from None

        action_execution = models.ActionExecution(
            id=models.new_id(),
            name=task_spec.action,
            workflow_name=execution.workflow_name,
            workflow_namespace=execution.workflow_namespace,
            task_name=task.name,
            task_execution_id=task.id,
            workflow_execution_id=execution.id,
            root_execution_id=tx.root.id,
            state=states.RUNNING,
            accepted=True,
            input=unit_input,
            item_index=index,
            created_at=models.utcnow(),
        )
        tx.session.add(action_execution)

        run = ActionRun(
            action_execution_id=action_execution.id,
            root_execution_id=tx.root.id,
            task_execution_id=task.id,
            action=task_spec.action,
            input=unit_input,
        )
        tx.after_commit(self._submit, run)
        return action_execution.id

    def _start_sub_workflow(self, tx, execution, task_spec, task, index, unit_input):
        depth = (execution.runtime_context or {}).get("depth", 0) + 1
        if depth > MAX_DEPTH:
            raise Failure(f"Sub-workflows nest deeper than {MAX_DEPTH} levels at task '{task.name}'.")

        definition = find_workflow_definition(tx.session, task_spec.workflow, execution.workflow_namespace)
        if definition is None:
            raise Failure(f"Workflow '{task_spec.workflow}' of task '{task.name}' not found "
                          f"in namespace '{execution.workflow_namespace}'.")

        try:
            child_spec = self.specs.workflow(definition.definition, definition.name)
        except (DSLError, KeyError):
            raise Failure(f"The definition of workflow '{definition.name}' is invalid.") from None

        try:
            child_input = complete_input(child_spec, unit_input)
        except InvalidInputError as error:
            raise Failure(str(error)) from None

        child = models.WorkflowExecution(
            id=models.new_id(),
            workflow_id=definition.id,
            workflow_name=definition.name,
            workflow_namespace=definition.namespace,
            description="",
            params={"env": {}, "namespace": definition.namespace},
            task_execution_id=task.id,
            root_execution_id=tx.root.id,
            state=states.IDLE,
            input=child_input,
            output={},
            runtime_context={"index": index, "depth": depth},
            accepted=True,
            env_revision=0,
            definition=definition.definition,
            context={},
            created_at=models.utcnow(),
        )
        tx.session.add(child)
        tx.session.flush()

        if task.type != "WORKFLOW":
            task.type = "WORKFLOW"
        return child.id

    def on_action_outcome(self, tx, action_execution, outcome):
        """Record the outcome of an action run and move its task on."""
        if action_execution.state != states.RUNNING:
            LOG.debug("Ignored the late outcome of action execution %s (%s)", action_execution.id, action_execution.state)
            return

        self._set_action_state(action_execution, states.SUCCESS if outcome.ok else states.ERROR, outcome.message)
        action_execution.output = {"result": outcome.result}

        if not action_execution.accepted:
            return

        task = tx.session.get(models.TaskExecution, action_execution.task_execution_id)
        if task is None or task.state not in (states.RUNNING, states.RUNNING_DELAYED):
            return

        index = action_execution.item_index
        iterations = _iterations(task)
        if index >= len(iterations) or iterations[index].get("unit") != action_execution.id:
            return

        execution = tx.session.get(models.WorkflowExecution, task.workflow_execution_id)
        if not outcome.ok:
            LOG.info("Action execution %s of task %s (%s) failed", action_execution.id, task.id, task.name)
        self.on_unit_done(tx, execution, task, index, outcome.ok, outcome.message)

    def on_unit_done(self, tx, execution, task, index, ok, message):
        spec = self.spec_of(execution)
        iteration = _iterations(task)[index]

        if ok:
            iteration["state"] = states.SUCCESS
            iteration["error"] = None
            flag_modified(task, "runtime_context")
        else:
            self.iteration_failed(tx, execution, spec, task, index, message or "The action failed.")

        if task.state == states.RUNNING:
            self.dispatch(tx, execution, spec, task)

    def iteration_failed(self, tx, execution, spec, task, index, message):
        """Retry a failed iteration if the retry policy allows, else mark it ERROR."""
        task_spec = spec.tasks[task.name]
        iteration = _iterations(task)[index]

        retries = 0
        delay = 0
        if task_spec.retry is not None:
            try:
                retries = self._number(tx, execution, task_spec.retry.count, "retry count", task)
                delay = self._number(tx, execution, task_spec.retry.delay, "retry delay", task)
            except Failure as failure:
                message = str(failure)
                retries = 0

        if iteration.get("retry_no", 0) < retries:
            iteration["retry_no"] = iteration.get("retry_no", 0) + 1
            self._supersede_unit(tx, iteration)
            LOG.info("Retrying task %s (%s), iteration %d, retry %d of %d",
                     task.id, task.name, index, iteration["retry_no"], retries)
            if delay > 0:
                iteration["state"] = states.RUNNING_DELAYED
                if not (task.runtime_context.get("with_items")):
                    self._set_task_state(task, states.RUNNING_DELAYED)
                self._add_timer(tx, task, "retry", delay, token=iteration["retry_no"], index=index)
            else:
                iteration["state"] = PENDING
            flag_modified(task, "runtime_context")
            return

        iteration["state"] = states.ERROR
        iteration["error"] = message
        flag_modified(task, "runtime_context")

    def _supersede_unit(self, tx, iteration):
        """Mark the unit of an iteration as no longer the one that counts."""
        unit_id = iteration.get("unit")
        if not unit_id:
            return

        action_execution = tx.session.get(models.ActionExecution, unit_id)
        if action_execution is not None:
            action_execution.accepted = False
            return

        child = tx.session.get(models.WorkflowExecution, unit_id)
        if child is not None:
            child.accepted = False


    def abort_unit(self, tx, iteration, state, message):
        """Stop the running unit of an iteration: cancel its action or stop its sub-workflow."""
        unit_id = iteration.get("unit")
        if not unit_id:
            return

        action_execution = tx.session.get(models.ActionExecution, unit_id)
        if action_execution is not None:
            if action_execution.state == states.RUNNING:
                self._set_action_state(action_execution, state, message)
                action_execution.accepted = False
                tx.after_commit(self._cancel, action_execution.id)
            return

        child = tx.session.get(models.WorkflowExecution, unit_id)
        if child is not None:
            child.accepted = False
            if child.state not in states.COMPLETED:
                self.stop_execution(tx, child, states.ERROR if state == states.ERROR else states.CANCELLED,
                                    message, report_to_parent=False)

