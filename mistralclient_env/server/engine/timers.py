"""Timers of tasks: wait-before, retry delays, wait-after and timeouts.

A timer is stored in the task's ``runtime_context`` and armed on the
engine's scheduler after commit. A timer that goes off for a task that has
moved on is stale and ignored. ``Timers`` is a part of the workflow
Controller (which inherits it). Its methods run inside a ``TreeTransaction``
like every Controller method, and the module ``engine.controller``
describes the bookkeeping they keep in a task's ``runtime_context``.
"""

import datetime
import logging

from sqlalchemy.orm.attributes import flag_modified

from mistralclient_env.server.db import models
from mistralclient_env.server.engine import states
from mistralclient_env.server.engine.bookkeeping import (
    PENDING,
    iterations as _iterations,
)

LOG = logging.getLogger(__name__)


class Timers:
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



def _same_timer(entry, timer):
    return all(entry.get(key) == timer.get(key) for key in ("kind", "due", "token", "index"))

