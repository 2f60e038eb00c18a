"""A timer thread that calls functions after a delay.

The engine uses it for retry delays, wait-before, wait-after and task
timeouts. Callbacks run on the timer thread one after another, so they must
be short: the engine's callbacks run one database transaction and hand any
action to the worker pool. Timers are not persisted here; the engine stores
each pending timer in the task's runtime context and arms it again after a
restart.
"""

import heapq
import itertools
import logging
import threading
import time

from mistralclient_env.server.engine.tracebacks import describe_exception

LOG = logging.getLogger(__name__)


class Scheduler:
    """Run callbacks at a monotonic time, on one daemon thread."""

    def __init__(self):
        self._heap = []
        self._counter = itertools.count()
        self._condition = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="engine-timer", daemon=True)

    def start(self):
        self._thread.start()

    def stop(self, timeout=5):
        """Stop the thread; timers that have not fired are dropped."""
        with self._condition:
            self._stopped = True
            self._condition.notify()

        if self._thread.is_alive():
            self._thread.join(timeout)

    def call_later(self, delay, callback, *args):
        """Call ``callback(*args)`` after ``delay`` seconds (0 or less: as soon as possible)."""
        due = time.monotonic() + max(0.0, float(delay))

        with self._condition:
            if self._stopped:
                return
            heapq.heappush(self._heap, (due, next(self._counter), callback, args))
            self._condition.notify()

    def _run(self):
        while True:
            with self._condition:
                while not self._stopped:
                    if not self._heap:
                        self._condition.wait()
                        continue
                    wait = self._heap[0][0] - time.monotonic()
                    if wait <= 0:
                        break
                    self._condition.wait(wait)

                if self._stopped:
                    return
                _, _, callback, args = heapq.heappop(self._heap)

            try:
                callback(*args)
            except Exception as error:
                # The callbacks log their own errors with ids; this is the last guard.
                LOG.error(
                    "Timer callback %s failed:\n%s",
                    getattr(callback, "__name__", callback),
                    describe_exception(error),
                )
