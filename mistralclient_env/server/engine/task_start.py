"""Task start: creation, joins, pause-before and wait-before, and the with-items list.

``TaskStart`` is a part of the workflow Controller (which inherits it). Its
methods run inside a ``TreeTransaction`` like every Controller method, and
the module ``engine.controller`` describes the bookkeeping they keep in a
task's ``runtime_context``.
"""

import logging

from sqlalchemy.orm.attributes import flag_modified

from mistralclient_env.server.db import models
from mistralclient_env.server.engine import states, views
from mistralclient_env.server.engine.bookkeeping import (
    PENDING,
    Failure,
    ItemCountChanged,
    iterations as _iterations,
    new_iteration as _new_iteration,
)

LOG = logging.getLogger(__name__)


class TaskStart:
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
        for task in self.tasks_of(tx, execution, models.TaskExecution.name == name):
            if task.state == states.WAITING and not (task.runtime_context or {}).get("held"):
                return task
        return None

    def _joined_already(self, tx, execution, name, trigger):
        """Add a late trigger to a join task that already started without it.

        With ``join: 1`` (or any count below the number of inbound tasks) the
        join starts before every inbound task has finished. The later ones
        must not create a second join task, because it could never be satisfied.
        """
        for task in self.tasks_of(tx, execution, models.TaskExecution.name == name):
            if task.state == states.WAITING:
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

    def run_task(self, tx, execution, spec, task, resume=False):
        """Start an attempt of a task: evaluate its items and start its iterations.

        With ``resume`` (a rerun without reset) the task keeps its iterations
        and only the PENDING ones start, each with the item that the with-items
        list, evaluated again now, has at its index. A list whose length
        changed fails the task instead, because the indexes no longer match.
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
            if resume:
                self._refresh_pending_items(tx, execution, task_spec, task)
            else:
                self._prepare_iterations(tx, execution, task_spec, task)
            timeout = self._number(tx, execution, task_spec.timeout, "timeout", task)
        except Failure as failure:
            if resume:
                self.fail_rerun(tx, execution, spec, task, str(failure))
            else:
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

        items = self.evaluate_items(tx, execution, task_spec, task)
        concurrency = self._number(tx, execution, task_spec.concurrency, "concurrency", task) or 0
        rc["with_items"] = {"items": items, "concurrency": int(concurrency)}
        rc["iterations"] = [_new_iteration() for _ in items]

    def _refresh_pending_items(self, tx, execution, task_spec, task):
        items = (task.runtime_context.get("with_items") or {}).get("items")
        if task_spec.with_items is None or items is None:
            return

        fresh = self.evaluate_rerun_items(tx, execution, task_spec, task)
        for index, iteration in enumerate(_iterations(task)):
            if iteration["state"] == PENDING:
                items[index] = fresh[index]
        flag_modified(task, "runtime_context")

    def evaluate_rerun_items(self, tx, execution, task_spec, task, env=None):
        """Evaluate the with-items list of a task again for a rerun that keeps its iterations.

        Returns the new items. Raises Failure when the list cannot be evaluated
        or when its length differs from that of the list the task started with.
        ``env`` replaces the tree's env (a rerun request checks the env it is
        about to merge).
        """
        items = task.runtime_context["with_items"]["items"]
        fresh = self.evaluate_items(tx, execution, task_spec, task, env=env)
        if len(fresh) != len(items):
            raise ItemCountChanged(task.name, len(items), len(fresh))
        return fresh

    def fail_rerun(self, tx, execution, spec, task, message):
        """Put a rerun task back into ERROR, keeping its successful iterations and their results."""
        for iteration in _iterations(task):
            if iteration["state"] != states.SUCCESS:
                iteration["state"] = states.ERROR
                iteration["error"] = message
        flag_modified(task, "runtime_context")
        self.complete_task(tx, execution, spec, task, states.ERROR, message)

    def evaluate_items(self, tx, execution, task_spec, task, env=None):
        columns = []
        for name, source in task_spec.with_items.variables:
            values = self.evaluate(tx, execution, source, current_task=views.task_expression_view(task), env=env)
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

