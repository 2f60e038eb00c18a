"""Operator interventions on a workflow tree: pause, resume, stop, rerun and skip.

``Interventions`` is a part of the workflow Controller (which inherits it),
kept apart because these steps change a tree from the outside while the
Controller's own steps move it forward. Its methods run inside a
``TreeTransaction`` like every Controller method.
"""

import logging

from sqlalchemy.orm.attributes import flag_modified

from mistralclient_env.server.db import models
from mistralclient_env.server.engine import states
from mistralclient_env.server.engine.bookkeeping import (
    ACTIVE_TASK_STATES,
    INTERNAL_ERROR,
    PENDING,
    Failure,
    ItemCountChanged,
    iterations as _iterations,
    new_iteration as _new_iteration,
    set_task_state,
)

LOG = logging.getLogger(__name__)


class Interventions:
    # -- pause, resume, stop -------------------------------------------------

    def pause_tree(self, tx, reason=None):
        """Pause every running execution of the tree. ``reason`` is ``(execution, state_info)``."""
        for execution in self.executions_of_tree(tx):
            if execution.state == states.RUNNING:
                info = reason[1] if reason is not None and reason[0] is execution else None
                self.set_execution_state(execution, states.PAUSED, info)

    def resume_tree(self, tx):
        """Resume every paused execution of the tree and carry on where each stopped."""
        executions = self.executions_of_tree(tx)
        for execution in executions:
            if execution.state in (states.PAUSED, states.IDLE):
                self.set_execution_state(execution, states.RUNNING)

        # Deepest first: a sub-workflow that finishes reports to a parent that then carries on.
        for execution in reversed(executions):
            self.continue_execution(tx, execution)

    def continue_execution(self, tx, execution):
        """Do what waited for the execution to run: transitions, held tasks, fired timers."""
        if execution.state != states.RUNNING:
            return

        spec = self.spec_of(execution)
        for task in self.unsettled_tasks(tx, execution):
            if execution.state != states.RUNNING:
                return
            rc = task.runtime_context or {}

            if task.state in states.COMPLETED and not task.processed:
                self.process_task(tx, execution, spec, task)
            elif rc.get("held") == "advance":
                self.advance_task(tx, execution, spec, task)
            elif rc.get("held") == "rerun":
                self.restart_task(tx, execution, spec, task, rc.get("rerun_reset", True))
            elif task.state == states.RUNNING and any(it["state"] == PENDING for it in rc.get("iterations", [])):
                self.dispatch(tx, execution, spec, task)
            else:
                for timer in [entry for entry in rc.get("timers", []) if entry.get("fired")]:
                    rc["timers"].remove(timer)
                    flag_modified(task, "runtime_context")
                    self._fire(tx, execution, task, timer)

        self.check_completion(tx, execution)

    def stop_execution(self, tx, execution, state, state_info=None, report_to_parent=True):
        """Force an execution into SUCCESS, ERROR or CANCELLED; its unfinished work stops.

        Unfinished tasks go to ERROR when the execution goes to ERROR (so that
        they can be rerun) and to CANCELLED otherwise. Running actions are
        cancelled and their results dropped; sub-workflows stop the same way.
        """
        if execution.state == state:
            return
        states.check_transition("workflow execution", execution.id, execution.state, state)

        task_state = states.ERROR if state == states.ERROR else states.CANCELLED
        message = f"The workflow execution was set to {state} by the operator."
        for task in self.unsettled_tasks(tx, execution):
            if task.state not in ACTIVE_TASK_STATES:
                continue
            rc = task.runtime_context
            for iteration in rc.get("iterations", []):
                if iteration["state"] == states.RUNNING:
                    self.abort_unit(tx, iteration, task_state, message)
                if iteration["state"] not in (states.SUCCESS, states.ERROR):
                    iteration["state"] = states.ERROR
                    iteration["error"] = message
            rc["timers"] = []
            rc.pop("held", None)
            rc.pop("pending_outcome", None)
            flag_modified(task, "runtime_context")
            set_task_state(task, task_state, message)
            task.finished_at = tx.now
            task.processed = True

        self.set_execution_state(execution, state, state_info)
        LOG.info("Workflow execution %s was set to %s", execution.id, state)
        if report_to_parent and execution.task_execution_id:
            tx.defer(self.on_child_finished, execution.id)

    # -- rerun and skip --------------------------------------------------------

    def reopen_ancestors(self, tx, execution):
        """Bring a failed execution and the parent tasks and executions above it back to RUNNING.

        Returns the executions that were reopened, innermost first. When the
        tree is paused they go on to PAUSED and carry on at the resume.
        """
        reopened = []
        paused = tx.root.state == states.PAUSED
        current = execution

        while current is not None:
            if current.state in (states.ERROR, states.IDLE):
                self.set_execution_state(current, states.RUNNING)
                reopened.append(current)
                if paused:
                    self.set_execution_state(current, states.PAUSED)
            if not current.task_execution_id:
                break

            parent_task = tx.session.get(models.TaskExecution, current.task_execution_id)
            parent = tx.session.get(models.WorkflowExecution, parent_task.workflow_execution_id)
            index = (current.runtime_context or {}).get("index", 0)
            iterations = _iterations(parent_task)

            if parent_task.state == states.ERROR and index < len(iterations) and iterations[index].get("unit") == current.id:
                iterations[index]["state"] = states.RUNNING
                iterations[index]["error"] = None
                current.accepted = True
                self._reopen_task(tx, parent_task)
            elif parent_task.state != states.RUNNING:
                break
            current = parent

        return reopened

    def _reopen_task(self, tx, task):
        set_task_state(task, states.RUNNING)
        task.finished_at = None
        task.processed = False
        rc = task.runtime_context
        rc.pop("error_handled", None)
        flag_modified(task, "runtime_context")

    def rerun_task(self, tx, execution, spec, task, reset):
        """Run a task in ERROR again, keeping its successful iterations when ``reset`` is False.

        A rerun that keeps iterations evaluates the with-items list again, after
        the request's env was merged. It reruns exactly the failed indexes, with
        the items now at those indexes (see ``restart_task``).
        """
        reopened = self.reopen_ancestors(tx, execution)

        if execution.state == states.RUNNING:
            self.restart_task(tx, execution, spec, task, reset)
        else:
            # The tree is paused: the rerun waits for the resume.
            set_task_state(task, states.WAITING)
            rc = task.runtime_context
            rc["held"] = "rerun"
            rc["rerun_reset"] = reset
            flag_modified(task, "runtime_context")

        for reopened_execution in reopened:
            if reopened_execution is not execution:
                self.continue_execution(tx, reopened_execution)
        self.continue_execution(tx, execution)

    def restart_task(self, tx, execution, spec, task, reset):
        """Start a rerun: from the start with ``reset``, else only the iterations that did not succeed.

        Without reset, successful iterations keep their items and results. A
        with-items list whose length changed since the task started fails the
        task again. The rerun request checked the length, but the env may
        change again while the rerun waits for its paused execution. A task
        that runs sub-workflows is rerun as ``_restart_sub_workflows`` describes.
        """
        task_spec = spec.tasks[task.name]
        rc = task.runtime_context
        rc.pop("held", None)
        rc.pop("rerun_reset", None)
        rc.pop("error_handled", None)
        rc["timers"] = []
        task.state_info = None
        task.processed = False
        flag_modified(task, "runtime_context")

        if task_spec.workflow:
            self._restart_sub_workflows(tx, execution, spec, task, reset)
            return

        iterations = _iterations(task)
        if reset or not iterations:
            for iteration in iterations:
                self._supersede_unit(tx, iteration)
            self.run_task(tx, execution, spec, task)
            return

        for iteration in iterations:
            if iteration["state"] != states.SUCCESS:
                self._supersede_unit(tx, iteration)
                iteration.update(_new_iteration())
        flag_modified(task, "runtime_context")
        self.run_task(tx, execution, spec, task, resume=True)

    def _restart_sub_workflows(self, tx, execution, spec, task, reset):
        """Rerun a task that runs sub-workflows: rerun the failed tasks inside each failed one.

        Successful iterations are kept with either ``reset``. A failed
        iteration whose sub-workflow has no task in ERROR (it failed on its
        vars or output, or never started) gets a new sub-workflow. The
        with-items list is evaluated again, and a failed iteration whose item
        changed also gets a new sub-workflow, because the input of a
        sub-workflow cannot change. When the length of the list changed, a
        rerun with reset starts every item anew and one without reset fails
        the task again.
        """
        task_spec = spec.tasks[task.name]
        if task.state == states.WAITING:
            set_task_state(task, states.RUNNING)
        self._reopen_task(tx, task)
        task.started_at = tx.now
        task.env_revision = tx.root.env_revision

        items = (task.runtime_context.get("with_items") or {}).get("items")
        fresh = None
        if task_spec.with_items is not None and items is not None:
            try:
                fresh = self.evaluate_items(tx, execution, task_spec, task)
                if len(fresh) != len(items) and not reset:
                    raise ItemCountChanged(task.name, len(items), len(fresh))
            except Failure as failure:
                self.fail_rerun(tx, execution, spec, task, str(failure))
                return

            if len(fresh) != len(items):
                for iteration in _iterations(task):
                    self._supersede_unit(tx, iteration)
                self.run_task(tx, execution, spec, task)
                return

        children = []
        for index, iteration in enumerate(_iterations(task)):
            if iteration["state"] == states.SUCCESS:
                continue
            item_changed = fresh is not None and fresh[index] != items[index]
            if fresh is not None:
                items[index] = fresh[index]
            child = tx.session.get(models.WorkflowExecution, iteration["unit"]) if iteration.get("unit") else None
            failed_tasks = []
            if child is not None and child.state == states.ERROR and not item_changed:
                failed_tasks = self.tasks_of(tx, child, models.TaskExecution.state == states.ERROR)

            if failed_tasks:
                iteration["state"] = states.RUNNING
                iteration["error"] = None
                self.set_execution_state(child, states.RUNNING)
                children.append((child, failed_tasks))
            else:
                self._supersede_unit(tx, iteration)
                iteration.update(_new_iteration())
        flag_modified(task, "runtime_context")

        for child, failed_tasks in children:
            child_spec = self.spec_of(child)
            for failed_task in failed_tasks:
                self.restart_task(tx, child, child_spec, failed_task, reset=True)
            self.continue_execution(tx, child)

        self.dispatch(tx, execution, spec, task)

    def skip_task(self, tx, execution, spec, task):
        """Close a task in ERROR as SKIPPED; its execution continues as if it had succeeded."""
        reopened = self.reopen_ancestors(tx, execution)

        set_task_state(task, states.SKIPPED, "Skipped by the operator; the workflow continues "
                                                   "along the task's on-success and on-complete transitions.")
        task.finished_at = tx.now
        task.processed = False
        rc = task.runtime_context
        rc["timers"] = []
        rc.pop("error_handled", None)
        flag_modified(task, "runtime_context")

        for reopened_execution in reopened:
            if reopened_execution is not execution:
                self.continue_execution(tx, reopened_execution)
        self.continue_execution(tx, execution)

    def fail_task_after_internal_error(self, tx, task):
        """Put an unfinished task into ERROR after the engine failed on it; its execution may then end."""
        if task.state not in ACTIVE_TASK_STATES:
            return

        rc = task.runtime_context
        for iteration in rc.get("iterations", []):
            if iteration["state"] == states.RUNNING:
                self.abort_unit(tx, iteration, states.ERROR, INTERNAL_ERROR)
            if iteration["state"] not in (states.SUCCESS, states.ERROR):
                iteration["state"] = states.ERROR
                iteration["error"] = INTERNAL_ERROR
        rc["timers"] = []
        rc.pop("held", None)
        flag_modified(task, "runtime_context")

        set_task_state(task, states.ERROR, INTERNAL_ERROR)
        task.finished_at = tx.now
        task.processed = True

        execution = tx.session.get(models.WorkflowExecution, task.workflow_execution_id)
        self.check_completion(tx, execution)
