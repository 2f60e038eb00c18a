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
  ``error_handled``: an on-error or on-complete transition was taken;
  ``pending_outcome``: the outcome waiting for wait-after to pass.

A task counts as completed when its state is in ``states.COMPLETED``. It is
``processed`` once its transitions have been followed; while its execution
is paused they wait, and the resume follows them.
"""

import datetime
import logging

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from mistralclient_env.server import actions, expressions
from mistralclient_env.server.db import models
from mistralclient_env.server.engine import states, views
from mistralclient_env.server.engine.bookkeeping import (
    ACTIVE_TASK_STATES,
    PENDING,
    Failure,
    iterations as _iterations,
    new_iteration as _new_iteration,
    set_action_state,
    set_json as _set_json,
    set_task_state,
)
from mistralclient_env.server.engine.errors import DSLError, InvalidInputError
from mistralclient_env.server.engine.interventions import Interventions
from mistralclient_env.server.engine.runner import ActionRun

LOG = logging.getLogger(__name__)

MAX_DEPTH = 20
"""Maximum nesting depth of sub-workflows. A deeper one fails its task, so a
workflow that starts itself fails instead of recursing for ever."""

_SUCCESS_EVENTS = ("on-success", "on-complete")
_ERROR_EVENTS = ("on-error", "on-complete")


class Controller(Interventions):
    """Moves workflow trees forward. One instance serves the whole server.

    ``specs`` is the SpecCache. ``submit(run)`` hands an ActionRun to the
    worker pool, ``cancel(action_execution_id)`` cancels one, and
    ``arm(delay, root_id, task_id, timer)`` arms a timer; all three are called
    only after commit.
    """

    def __init__(self, specs, submit, cancel, arm):
        self.specs = specs
        self._submit = submit
        self._cancel = cancel
        self.arm_timer = arm

    # -- lookups ---------------------------------------------------------

    def spec_of(self, execution):
        return self.specs.workflow(execution.definition, execution.workflow_name)

    def tasks_of(self, tx, execution):
        statement = (
            select(models.TaskExecution)
            .where(models.TaskExecution.workflow_execution_id == execution.id)
            .order_by(models.TaskExecution.created_at, models.TaskExecution.id)
        )
        return list(tx.session.scalars(statement))

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

    def expression_context(self, tx, execution, data=None, current_task=None):
        def task_lookup(name):
            task = self._latest_task(tx, execution, name)
            return views.task_expression_view(task) if task is not None else None

        return expressions.ExpressionContext(
            data=dict(execution.context or {}) if data is None else data,
            env=tx.env,
            execution=views.execution_expression_view(execution),
            task_lookup=task_lookup,
            current_task=current_task,
        )

    def evaluate(self, tx, execution, value, data=None, current_task=None):
        """Evaluate ``value``; an ExpressionError becomes a Failure with its message."""
        if not _has_expression(value):
            return value

        context = self.expression_context(tx, execution, data=data, current_task=current_task)
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

    # -- executions ------------------------------------------------------

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

        tasks = self.tasks_of(tx, execution)
        for task in tasks:
            rc = task.runtime_context or {}
            if task.state == states.WAITING and not rc.get("held"):
                continue
            if task.state in ACTIVE_TASK_STATES or (task.state in states.COMPLETED and not task.processed):
                return

        failed = [task.name for task in tasks if task.state == states.ERROR and not (task.runtime_context or {}).get("error_handled")]
        if failed:
            names = ", ".join(dict.fromkeys(failed))
            self.complete_execution(tx, execution, states.ERROR, f"Failure caused by error in tasks: {names}")
            return

        waiting = [task for task in tasks if task.state == states.WAITING]
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

    # -- creating and starting tasks -------------------------------------

    def trigger_task(self, tx, execution, spec, name, trigger):
        """Create the task ``name`` (or add a trigger to its waiting join) and move it on."""
        task_spec = spec.tasks[name]

        if task_spec.join:
            if trigger is not None and self._joined_already(tx, execution, name, trigger):
                return
            task = self._waiting_join(tx, execution, name)
            if task is None:
                task = self._create_task(tx, execution, task_spec, states.WAITING)
            if trigger is not None:
                rc = task.runtime_context
                rc.setdefault("triggered_by", []).append(trigger)
                flag_modified(task, "runtime_context")
            if not self._join_satisfied(spec, task_spec, task):
                return
        else:
            task = self._create_task(tx, execution, task_spec, states.IDLE)
            if trigger is not None:
                task.runtime_context["triggered_by"] = [trigger]
                flag_modified(task, "runtime_context")

        self.advance_task(tx, execution, spec, task)

    def _waiting_join(self, tx, execution, name):
        for task in self.tasks_of(tx, execution):
            if task.name == name and task.state == states.WAITING and not (task.runtime_context or {}).get("held"):
                return task
        return None

    def _joined_already(self, tx, execution, name, trigger):
        """Add a late trigger to a join task that already started without it.

        With ``join: 1`` (or any count below the number of inbound tasks) the
        join starts before every inbound task has finished. The later ones
        must not create a second join task, because it could never be satisfied.
        """
        for task in self.tasks_of(tx, execution):
            if task.name != name or task.state == states.WAITING:
                continue
            rc = task.runtime_context
            names = {entry.get("task_name") for entry in rc.get("triggered_by", [])}
            if trigger["task_name"] not in names:
                rc.setdefault("triggered_by", []).append(trigger)
                flag_modified(task, "runtime_context")
                return True
        return False

    @staticmethod
    def _join_satisfied(spec, task_spec, task):
        triggered = set()
        for trigger in (task.runtime_context or {}).get("triggered_by", []):
            triggered.add(trigger.get("task_name"))

        if task_spec.join == "all":
            return set(spec.inbound_tasks(task_spec.name)) <= triggered
        return len(triggered) >= int(task_spec.join)

    def _create_task(self, tx, execution, task_spec, state):
        task = models.TaskExecution(
            id=models.new_id(),
            name=task_spec.name,
            type="WORKFLOW" if task_spec.workflow else "ACTION",
            workflow_name=execution.workflow_name,
            workflow_namespace=execution.workflow_namespace,
            workflow_id=execution.workflow_id,
            workflow_execution_id=execution.id,
            root_execution_id=tx.root.id,
            tags=list(task_spec.tags) or None,
            state=state,
            runtime_context={"attempt": 0},
            published={},
            processed=False,
            created_at=models.utcnow(),
        )
        tx.session.add(task)
        tx.session.flush()
        return task

    def advance_task(self, tx, execution, spec, task):
        """Start a created task, unless its execution is not running or pause-before or wait-before delays it."""
        task_spec = spec.tasks[task.name]
        rc = task.runtime_context

        # A paused execution starts no new task; it starts when the execution runs again.
        if execution.state != states.RUNNING:
            rc["held"] = "advance"
            flag_modified(task, "runtime_context")
            return
        rc.pop("held", None)
        flag_modified(task, "runtime_context")

        try:
            if task_spec.pause_before and not rc.get("paused_before"):
                if self.evaluate(tx, execution, task_spec.pause_before, current_task=views.task_expression_view(task)):
                    rc["paused_before"] = True
                    rc["held"] = "advance"
                    flag_modified(task, "runtime_context")
                    LOG.info("Pausing workflow execution %s before task %s (%s)", execution.id, task.id, task.name)
                    self.pause_tree(tx, reason=(execution, f"Paused before task '{task.name}'."))
                    return

            wait = self._number(tx, execution, task_spec.wait_before, "wait-before", task)
        except Failure as failure:
            self._fail_before_start(tx, execution, spec, task, str(failure))
            return

        if wait > 0:
            self._set_task_state(task, states.RUNNING_DELAYED)
            self._add_timer(tx, task, "wait_before", wait)
            return

        self.run_task(tx, execution, spec, task)

    def _fail_before_start(self, tx, execution, spec, task, message):
        task.runtime_context["iterations"] = []
        flag_modified(task, "runtime_context")
        self.complete_task(tx, execution, spec, task, states.ERROR, message)

    def run_task(self, tx, execution, spec, task, items=None):
        """Start an attempt of a task: evaluate its items and start its iterations.

        ``items`` keeps the given with-items items instead of evaluating them
        again; with it, only PENDING iterations start (a rerun without reset).
        """
        task_spec = spec.tasks[task.name]
        rc = task.runtime_context

        self._set_task_state(task, states.RUNNING)
        rc["attempt"] = rc.get("attempt", 0) + 1
        rc.pop("pending_outcome", None)
        rc["timers"] = []
        task.started_at = tx.now
        task.finished_at = None
        task.env_revision = tx.root.env_revision
        flag_modified(task, "runtime_context")

        try:
            if items is None:
                self._prepare_iterations(tx, execution, task_spec, task)
            timeout = self._number(tx, execution, task_spec.timeout, "timeout", task)
        except Failure as failure:
            rc["iterations"] = []
            flag_modified(task, "runtime_context")
            self.complete_task(tx, execution, spec, task, states.ERROR, str(failure))
            return

        if timeout > 0:
            self._add_timer(tx, task, "timeout", timeout, token=rc["attempt"])

        LOG.debug("Starting task %s (%s) of workflow execution %s, attempt %d",
                  task.id, task.name, execution.id, rc["attempt"])
        self.dispatch(tx, execution, spec, task)

    def _prepare_iterations(self, tx, execution, task_spec, task):
        rc = task.runtime_context
        if task_spec.with_items is None:
            rc.pop("with_items", None)
            rc["iterations"] = [_new_iteration()]
            return

        items = self._evaluate_items(tx, execution, task_spec, task)
        concurrency = self._number(tx, execution, task_spec.concurrency, "concurrency", task) or 0
        rc["with_items"] = {"items": items, "concurrency": int(concurrency)}
        rc["iterations"] = [_new_iteration() for _ in items]

    def _evaluate_items(self, tx, execution, task_spec, task):
        columns = []
        for name, source in task_spec.with_items.variables:
            values = self.evaluate(tx, execution, source, current_task=views.task_expression_view(task))
            if isinstance(values, dict) or isinstance(values, str) or not hasattr(values, "__iter__"):
                raise Failure(f"with-items of task '{task.name}': '{name}' must be a list, "
                              f"not {type(values).__name__}.")
            columns.append((name, list(values)))

        lengths = {len(values) for _, values in columns}
        if len(lengths) > 1:
            raise Failure(f"with-items of task '{task.name}': the lists have different lengths "
                          f"({', '.join(f'{name}: {len(values)}' for name, values in columns)}).")

        count = lengths.pop() if lengths else 0
        return [{name: values[index] for name, values in columns} for index in range(count)]

    # -- iterations --------------------------------------------------------

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

    # -- finishing tasks ---------------------------------------------------

    def finish_task(self, tx, execution, spec, task, state_info=None):
        """Complete a task whose iterations are all done: result, publish, wait-after."""
        task_spec = spec.tasks[task.name]
        rc = task.runtime_context
        iterations = _iterations(task)
        results = [self._unit_result(tx, iteration) for iteration in iterations]
        failed = [index for index, it in enumerate(iterations) if it["state"] == states.ERROR]
        with_items = bool(rc.get("with_items")) or task_spec.with_items is not None
        if with_items:
            result = results
        else:
            result = results[0] if results else None

        published = {}
        if failed:
            state = states.ERROR
            if state_info is None:
                first = iterations[failed[0]].get("error") or "The action failed."
                if with_items:
                    state_info = (f"{len(failed)} of {len(iterations)} iterations failed "
                                  f"(indexes {', '.join(map(str, failed))}); the first error: {first}")
                else:
                    state_info = first
        else:
            state = states.SUCCESS
            task.result = result
            current = views.task_expression_view(task)
            try:
                published = self.evaluate(tx, execution, task_spec.publish or {}, current_task=current)
                if not isinstance(published, dict):
                    raise Failure(f"publish of task '{task.name}' must be a mapping.")
            except Failure as failure:
                state = states.ERROR
                state_info = f"Failed to publish: {failure}"
                published = {}

        try:
            wait = self._number(tx, execution, task_spec.wait_after, "wait-after", task)
        except Failure as failure:
            wait = 0
            state = states.ERROR
            state_info = str(failure)

        if wait > 0:
            task.result = result
            rc["pending_outcome"] = {"state": state, "state_info": state_info, "published": published}
            flag_modified(task, "runtime_context")
            self._add_timer(tx, task, "wait_after", wait)
            return

        self.complete_task(tx, execution, spec, task, state, state_info, result=result, published=published)

    def _unit_result(self, tx, iteration):
        unit_id = iteration.get("unit")
        if not unit_id:
            return iteration.get("error")

        action_execution = tx.session.get(models.ActionExecution, unit_id)
        if action_execution is not None:
            return (action_execution.output or {}).get("result")

        child = tx.session.get(models.WorkflowExecution, unit_id)
        if child is not None:
            return child.output if child.state == states.SUCCESS else iteration.get("error")
        return None

    def complete_task(self, tx, execution, spec, task, state, state_info=None, result=None, published=None):
        """Put a task into a final state and follow its transitions if its execution runs."""
        self._set_task_state(task, state, state_info)
        if result is not None or task.result is None:
            task.result = result
        task.published = published or {}
        task.finished_at = tx.now
        task.processed = False

        rc = task.runtime_context
        rc["timers"] = []
        rc.pop("pending_outcome", None)
        flag_modified(task, "runtime_context")

        if state == states.SUCCESS and published:
            _set_json(execution, "context", {**(execution.context or {}), **published})

        LOG.info("Task %s (%s) of workflow execution %s is now %s", task.id, task.name, execution.id, state)

        if execution.state == states.RUNNING:
            self.process_task(tx, execution, spec, task)

    def process_task(self, tx, execution, spec, task):
        """Follow the transitions of a completed task, then see if the execution is done."""
        task_spec = spec.tasks[task.name]
        if task.state == states.ERROR:
            events = _ERROR_EVENTS
        elif task.state in (states.SUCCESS, states.SKIPPED):
            events = _SUCCESS_EVENTS
        else:
            events = ()

        clauses = {"on-success": task_spec.on_success, "on-error": task_spec.on_error,
                   "on-complete": task_spec.on_complete}
        targets = []
        current = views.task_expression_view(task)
        try:
            for event in events:
                for transition in clauses[event]:
                    if transition.condition is None or self.evaluate(
                        tx, execution, transition.condition, current_task=current
                    ):
                        targets.append((event, transition.task))
        except Failure as failure:
            task.processed = True
            self.complete_execution(
                tx, execution, states.ERROR,
                f"Failed to evaluate a transition condition of task '{task.name}': {failure}",
            )
            return

        task.processed = True
        if task.state == states.ERROR and targets:
            task.runtime_context["error_handled"] = True
            flag_modified(task, "runtime_context")

        for event, target in targets:
            trigger = {"task_id": task.id, "task_name": task.name, "event": event}
            self.trigger_task(tx, execution, spec, target, trigger)

        self.check_completion(tx, execution)

    # -- timers -------------------------------------------------------------

    def _add_timer(self, tx, task, kind, delay, token=None, index=None):
        due = tx.now + datetime.timedelta(seconds=float(delay))
        timer = {"kind": kind, "due": due.isoformat(), "token": token, "index": index, "fired": False}
        task.runtime_context.setdefault("timers", []).append(timer)
        flag_modified(task, "runtime_context")
        tx.after_commit(self.arm_timer, float(delay), tx.root.id, task.id, dict(timer))

    def on_timer(self, tx, task, timer):
        """Act on a timer that went off, unless it is stale (the task moved on)."""
        rc = task.runtime_context or {}
        pending = rc.get("timers", [])
        match = next((entry for entry in pending if _same_timer(entry, timer)), None)
        if match is None:
            return

        execution = tx.session.get(models.WorkflowExecution, task.workflow_execution_id)
        if execution.state != states.RUNNING and match["kind"] in ("wait_before", "retry"):
            # Acted on when the execution runs again.
            match["fired"] = True
            flag_modified(task, "runtime_context")
            return

        pending.remove(match)
        flag_modified(task, "runtime_context")
        self._fire(tx, execution, task, match)

    def _fire(self, tx, execution, task, timer):
        spec = self.spec_of(execution)
        kind = timer["kind"]

        if kind == "wait_before" and task.state == states.RUNNING_DELAYED:
            self.run_task(tx, execution, spec, task)
        elif kind == "retry":
            iteration = _iterations(task)[timer["index"]]
            if iteration["state"] != states.RUNNING_DELAYED:
                return
            iteration["state"] = PENDING
            flag_modified(task, "runtime_context")
            if task.state == states.RUNNING_DELAYED:
                self._set_task_state(task, states.RUNNING)
            self.dispatch(tx, execution, spec, task)
        elif kind == "wait_after":
            outcome = task.runtime_context.get("pending_outcome")
            if outcome is None or task.state != states.RUNNING:
                return
            self.complete_task(tx, execution, spec, task, outcome["state"], outcome["state_info"],
                               published=outcome.get("published"))
        elif kind == "timeout":
            self._time_out(tx, execution, spec, task, timer)

    def _time_out(self, tx, execution, spec, task, timer):
        rc = task.runtime_context
        if timer["token"] != rc.get("attempt") or "pending_outcome" in rc:
            return
        if task.state not in (states.RUNNING, states.RUNNING_DELAYED):
            return

        seconds = (datetime.datetime.fromisoformat(timer["due"]) - task.started_at).total_seconds()
        message = f"Task '{task.name}' timed out after {seconds:g} seconds."
        LOG.info("Task %s (%s) of workflow execution %s timed out", task.id, task.name, execution.id)

        for iteration in _iterations(task):
            if iteration["state"] in (states.SUCCESS, states.ERROR):
                continue
            if iteration["state"] == states.RUNNING:
                self.abort_unit(tx, iteration, states.ERROR, message)
            iteration["state"] = states.ERROR
            iteration["error"] = message
        rc["timers"] = [entry for entry in rc.get("timers", []) if entry["kind"] != "retry"]
        flag_modified(task, "runtime_context")

        if task.state == states.RUNNING_DELAYED:
            self._set_task_state(task, states.RUNNING)
        self.finish_task(tx, execution, spec, task, state_info=message)

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

    # -- state helpers ------------------------------------------------------------

    _set_task_state = staticmethod(set_task_state)
    _set_action_state = staticmethod(set_action_state)


def find_workflow_definition(session, identifier, namespace=""):
    """Return the workflow definition with that id, or that name in ``namespace``, or None."""
    definition = session.get(models.WorkflowDefinition, identifier)
    if definition is not None:
        return definition

    statement = select(models.WorkflowDefinition).where(
        models.WorkflowDefinition.name == identifier,
        models.WorkflowDefinition.namespace == (namespace or ""),
    )
    return session.scalars(statement).first()


def complete_input(spec, given):
    """Return the workflow input with defaults added; unknown or missing names raise InvalidInputError."""
    given = dict(given or {})
    declared = [param.name for param in spec.input]

    unexpected = sorted(set(given) - set(declared))
    if unexpected:
        raise InvalidInputError(
            f"Invalid input for workflow '{spec.name}': unexpected parameters {', '.join(unexpected)}; "
            f"it takes {', '.join(declared) or 'no parameters'}."
        )

    missing = [param.name for param in spec.input if param.required and param.name not in given]
    if missing:
        raise InvalidInputError(
            f"Invalid input for workflow '{spec.name}': missing required parameters {', '.join(missing)}."
        )

    complete = {}
    for param in spec.input:
        if param.name in given:
            complete[param.name] = given[param.name]
        elif not param.required:
            complete[param.name] = param.default
    return complete


def _same_timer(entry, timer):
    return all(entry.get(key) == timer.get(key) for key in ("kind", "due", "token", "index"))


def _has_expression(value):
    if isinstance(value, str):
        return expressions.is_expression(value)
    if isinstance(value, dict):
        return any(_has_expression(key) or _has_expression(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_expression(item) for item in value)
    return False
