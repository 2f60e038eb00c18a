"""In-process locks on workflow trees, keyed by the root execution id."""

import contextlib
import threading


class TreeLocks:
    """One re-entrant lock per workflow tree, created on demand and dropped when unused.

    A tree is a root execution with all its sub-executions, tasks and action
    executions. Holding its lock while the write transaction runs makes every
    change of the tree's state one step that no other thread of this process
    interleaves with.
    """

    def __init__(self):
        self._guard = threading.Lock()
        self._locks = {}  # root execution id -> [RLock, number of holders and waiters]

    @contextlib.contextmanager
    def hold(self, root_id):
        with self._guard:
            entry = self._locks.setdefault(root_id, [threading.RLock(), 0])
            entry[1] += 1

        try:
            with entry[0]:
                yield
        finally:
            with self._guard:
                entry[1] -= 1
                if entry[1] == 0:
                    del self._locks[root_id]
