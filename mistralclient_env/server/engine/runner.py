"""The worker pool that runs actions, away from the threads that serve HTTP.

The engine hands an ``ActionRun`` to ``ActionRunner.submit`` after the
transaction that created its action execution has committed. A worker runs
the action with no lock held and reports the outcome through the callback
given to the runner. Workers are daemon threads, so an action that hangs
(an HTTP call without a timeout) cannot keep the process from exiting.
"""

import dataclasses
import logging
import queue
import threading

from mistralclient_env.server import actions
from mistralclient_env.server.engine.tracebacks import describe_exception

LOG = logging.getLogger(__name__)

_STOP = object()


@dataclasses.dataclass(frozen=True)
class ActionRun:
    """The work item of one action execution: the action, its input and the ids to report to."""

    action_execution_id: str
    root_execution_id: str
    task_execution_id: str
    action: str
    input: dict


@dataclasses.dataclass(frozen=True)
class ActionOutcome:
    """The end of an action run.

    ``result`` is the action's result, or the error data when it failed
    (``error_data`` of std.fail, the response of std.http, else the message).
    ``message`` is the reason of a failure and None on success.
    """

    ok: bool
    result: object
    message: str | None = None


class ActionRunner:
    """A fixed number of worker threads fed from one queue.

    ``on_outcome(run, outcome)`` is called on the worker thread. It is not
    called for a run that was cancelled (by a task timeout, a stop of its
    execution, or the server stopping) while it ran: the engine has already
    settled that action execution, or restart recovery will.
    """

    def __init__(self, workers, on_outcome):
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")

        self._on_outcome = on_outcome
        self._queue = queue.Queue()
        self._cancel_events = {}
        self._events_lock = threading.Lock()
        self._stopping = threading.Event()
        self._threads = [
            threading.Thread(target=self._work, name=f"engine-worker-{number}", daemon=True)
            for number in range(1, workers + 1)
        ]

    def start(self):
        for thread in self._threads:
            thread.start()

    def submit(self, run):
        if self._stopping.is_set():
            LOG.warning(
                "Server is stopping; action execution %s of task %s was not started",
                run.action_execution_id,
                run.task_execution_id,
            )
            return

        with self._events_lock:
            self._cancel_events[run.action_execution_id] = threading.Event()
        self._queue.put(run)

    def cancel(self, action_execution_id):
        """Ask a queued or running action to stop; its outcome will be dropped."""
        with self._events_lock:
            event = self._cancel_events.get(action_execution_id)
        if event is not None:
            event.set()

    def stop(self, timeout=5):
        """Cancel every action, stop taking new ones, and wait up to ``timeout`` seconds."""
        self._stopping.set()

        with self._events_lock:
            for event in self._cancel_events.values():
                event.set()

        for _ in self._threads:
            self._queue.put(_STOP)
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout / max(1, len(self._threads)))

    def _work(self):
        while True:
            run = self._queue.get()
            if run is _STOP:
                return

            with self._events_lock:
                cancel_event = self._cancel_events.get(run.action_execution_id) or threading.Event()

            outcome = None
            if not cancel_event.is_set():
                outcome = self._run(run, cancel_event)

            with self._events_lock:
                self._cancel_events.pop(run.action_execution_id, None)

            if outcome is None or cancel_event.is_set():
                LOG.debug("Dropped the outcome of cancelled action execution %s", run.action_execution_id)
                continue

            try:
                self._on_outcome(run, outcome)
            except Exception as error:
                LOG.error(
                    "Failed to record the outcome of action execution %s (task %s, execution %s):\n%s",
                    run.action_execution_id,
                    run.task_execution_id,
                    run.root_execution_id,
                    describe_exception(error),
                )

    @staticmethod
    def _run(run, cancel_event):
        LOG.debug(
            "Running action %s for action execution %s (task %s)",
            run.action,
            run.action_execution_id,
            run.task_execution_id,
        )
        try:
            result = actions.run_action(run.action, run.input, cancel_event=cancel_event)
        except actions.ActionError as error:
            message = getattr(error, "message", None) or str(error)
            data = getattr(error, "data", None)
            return ActionOutcome(False, message if data is None else data, message)
        except Exception as error:
            LOG.error(
                "Action %s of action execution %s (task %s) raised an unexpected error:\n%s",
                run.action,
                run.action_execution_id,
                run.task_execution_id,
                describe_exception(error),
            )
            message = f"The action {run.action} failed with an unexpected {type(error).__name__}."
            return ActionOutcome(False, message, message)

        return ActionOutcome(True, result)
