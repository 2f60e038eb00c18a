"""Task completion: the result and publish of a task, wait-after, and the transitions that follow.

``TaskCompletion`` is a part of the workflow Controller (which inherits it).
Its methods run inside a ``TreeTransaction`` like every Controller method,
and the module ``engine.controller`` describes the bookkeeping they keep in
a task's ``runtime_context``.
"""

import logging

from sqlalchemy.orm.attributes import flag_modified

from mistralclient_env.server.db import models
from mistralclient_env.server.engine import states, views
from mistralclient_env.server.engine.bookkeeping import (
    Failure,
    iterations as _iterations,
    set_json as _set_json,
)

LOG = logging.getLogger(__name__)

_SUCCESS_EVENTS = ("on-success", "on-complete")
_ERROR_EVENTS = ("on-error", "on-complete")


class TaskCompletion:
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
        # As in Mistral, only an on-error transition that is taken handles the
        # error; on-complete tasks run, but the execution still ends in ERROR.
        if task.state == states.ERROR and any(event == "on-error" for event, _ in targets):
            task.runtime_context["error_handled"] = True
            flag_modified(task, "runtime_context")

        for event, target in targets:
            trigger = {"task_id": task.id, "task_name": task.name, "event": event}
            self.trigger_task(tx, execution, spec, target, trigger)

        self.check_completion(tx, execution)

