"""A locked write transaction on one workflow tree, and the work it leaves for later."""

import logging

from mistralclient_env.server.db.models import utcnow

LOG = logging.getLogger(__name__)


class TreeTransaction:
    """The state of one change of a workflow tree.

    ``session`` is the open write transaction and ``root`` the root execution
    row, locked. ``defer`` queues a step that must run later in the same
    transaction (a finished sub-workflow is reported to its parent task only
    after the step that finished it has returned, so no step re-enters
    another). ``after_commit`` queues a side effect (hand an action to the
    worker pool, arm a timer) that must wait until the transaction commits
    and the tree lock is released.
    """

    def __init__(self, session, root):
        self.session = session
        self.root = root
        self.now = utcnow()
        self._deferred = []
        self._effects = []

    @property
    def env(self):
        """The tree's current env: ``params.env`` of the root execution."""
        return (self.root.params or {}).get("env") or {}

    def defer(self, step, *args):
        self._deferred.append((step, args))

    def run_deferred(self):
        while self._deferred:
            step, args = self._deferred.pop(0)
            step(self, *args)

    def after_commit(self, effect, *args):
        self._effects.append((effect, args))

    def take_effects(self):
        effects, self._effects = self._effects, []
        return effects
