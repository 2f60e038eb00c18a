"""The Engine: the one object the REST layer calls, one method per operation.

Methods return plain dicts (``engine.views``) with Python values and
datetimes, and raise the errors of ``engine.errors``. Every change of a
workflow tree runs in ``Engine.tree``: the tree's in-process lock, one write
transaction with the root execution row locked, then the side effects
(actions handed to the worker pool, timers armed) after the commit. Actions
never run on the caller's thread.
"""

import contextlib
import logging

from sqlalchemy import select

from mistralclient_env.server.db import models
from mistralclient_env.server.engine import (
    definitions,
    environments,
    executions,
    recovery,
    tasks,
    updates,
)
from mistralclient_env.server.engine.controller import Controller
from mistralclient_env.server.engine.errors import NotFoundError
from mistralclient_env.server.engine.locks import TreeLocks
from mistralclient_env.server.engine.runner import ActionRunner
from mistralclient_env.server.engine.scheduler import Scheduler
from mistralclient_env.server.engine.specs import SpecCache
from mistralclient_env.server.engine.tracebacks import describe_exception
from mistralclient_env.server.engine.transaction import TreeTransaction

LOG = logging.getLogger(__name__)

DEFAULT_WORKERS = 4


class Engine:
    """Workflows, executions, tasks, action executions and environments of one database."""

    def __init__(self, database, workers=DEFAULT_WORKERS):
        self.db = database
        self.locks = TreeLocks()
        self.scheduler = Scheduler()
        self.runner = ActionRunner(workers, self._on_action_outcome)
        self.specs = SpecCache()
        self.controller = Controller(self.specs, self.runner.submit, self.runner.cancel, self.arm_timer)

    # -- lifecycle -----------------------------------------------------------

    def start(self):
        """Create the schema if needed, recover from an earlier stop, start the threads."""
        self.db.create_schema()
        self._add_missing_indexes()
        recovery.recover(self)
        self.scheduler.start()
        self.runner.start()

    def _add_missing_indexes(self):
        """Create the indexes of the task table that a database made by an older version lacks.

        ``create_schema`` creates missing tables with their indexes, but adds
        no index to a table that exists already.
        """
        for index in models.TaskExecution.__table__.indexes:
            index.create(self.db.engine, checkfirst=True)

    def stop(self):
        """Stop the timers and the workers; running actions are cancelled, not waited for."""
        self.scheduler.stop()
        self.runner.stop()
        self.db.dispose()

    # -- transactions on a tree -----------------------------------------------

    @contextlib.contextmanager
    def tree(self, root_id, new=False):
        """Lock the tree of ``root_id`` and yield a TreeTransaction.

        With ``new`` the root does not exist yet and the caller sets
        ``tx.root``. On a normal exit the deferred steps run, the transaction
        commits, the lock is released and then the side effects run. On an
        exception nothing is committed and no side effect runs.
        """
        with self.locks.hold(root_id):
            with self.db.write() as session:
                root = None
                if not new:
                    statement = (
                        select(models.WorkflowExecution)
                        .where(models.WorkflowExecution.id == root_id)
                        .with_for_update()
                    )
                    root = session.scalars(statement).first()
                    if root is None:
                        raise NotFoundError(f"Workflow execution not found: {root_id}")

                tx = TreeTransaction(session, root)
                yield tx
                tx.run_deferred()
                session.flush()

        for effect, args in tx.take_effects():
            try:
                effect(*args)
            except Exception as error:
                LOG.error("A side effect of a change of workflow execution %s failed:\n%s",
                          root_id, describe_exception(error))

    def root_of_execution(self, execution_id):
        with self.db.read() as session:
            execution = session.get(models.WorkflowExecution, execution_id)
            if execution is None:
                raise NotFoundError(f"Workflow execution not found: {execution_id}")
            return execution.tree_id

    def root_of_task(self, task_id):
        with self.db.read() as session:
            task = session.get(models.TaskExecution, task_id)
            if task is None:
                raise NotFoundError(f"Task execution not found: {task_id}")
            return task.root_execution_id

    # -- callbacks from the workers and the timer ---------------------------

    def arm_timer(self, delay, root_id, task_id, timer):
        self.scheduler.call_later(delay, self._on_timer, root_id, task_id, timer)

    def _on_timer(self, root_id, task_id, timer):
        try:
            with self.tree(root_id) as tx:
                task = tx.session.get(models.TaskExecution, task_id)
                if task is not None:
                    self.controller.on_timer(tx, task, timer)
        except NotFoundError:
            LOG.debug("Timer of task %s dropped: workflow execution %s no longer exists", task_id, root_id)
        except Exception as error:
            LOG.error("Failed to act on the %s timer of task %s (workflow execution %s):\n%s",
                      timer.get("kind"), task_id, root_id, describe_exception(error))
            self._fail_after_internal_error(root_id, task_id)

    def _on_action_outcome(self, run, outcome):
        try:
            with self.tree(run.root_execution_id) as tx:
                action_execution = tx.session.get(models.ActionExecution, run.action_execution_id)
                if action_execution is not None:
                    self.controller.on_action_outcome(tx, action_execution, outcome)
        except NotFoundError:
            LOG.debug("Outcome of action execution %s dropped: workflow execution %s no longer exists",
                      run.action_execution_id, run.root_execution_id)
        except Exception as error:
            LOG.error("Failed to record the outcome of action execution %s (task %s, workflow execution %s):\n%s",
                      run.action_execution_id, run.task_execution_id, run.root_execution_id,
                      describe_exception(error))
            self._fail_after_internal_error(run.root_execution_id, run.task_execution_id)

    def _fail_after_internal_error(self, root_id, task_id):
        """Put a task that the engine failed to move on into ERROR, so that it can be rerun."""
        try:
            with self.tree(root_id) as tx:
                task = tx.session.get(models.TaskExecution, task_id)
                if task is not None:
                    self.controller.fail_task_after_internal_error(tx, task)
        except Exception as error:
            LOG.error("Failed to put task %s (workflow execution %s) into ERROR after an internal error:\n%s",
                      task_id, root_id, describe_exception(error))

    # -- workflows -------------------------------------------------------------

    def validate_workflows(self, definition):
        return definitions.validate_workflows(self, definition)

    def create_workflows(self, definition, namespace="", scope="private"):
        return definitions.create_workflows(self, definition, namespace, scope)

    def update_workflows(self, definition, namespace="", scope="private", identifier=None):
        return definitions.update_workflows(self, definition, namespace, scope, identifier)

    def get_workflow(self, identifier, namespace=""):
        return definitions.get_workflow(self, identifier, namespace)

    def list_workflows(self, query):
        return definitions.list_workflows(self, query)

    def delete_workflow(self, identifier, namespace=""):
        definitions.delete_workflow(self, identifier, namespace)

    # -- executions --------------------------------------------------------------

    def create_execution(self, workflow_identifier, namespace="", input=None, params=None, description=""):
        return executions.create_execution(self, workflow_identifier, namespace, input, params, description)

    def get_execution(self, execution_id):
        return executions.get_execution(self, execution_id)

    def list_executions(self, query, extra_filters=()):
        return executions.list_executions(self, query, extra_filters)

    def list_sub_executions(self, execution_id=None, task_id=None, errors_only=False, max_depth=-1,
                            include_output=False):
        return executions.list_sub_executions(self, execution_id, task_id, errors_only, max_depth, include_output)

    def update_execution(self, execution_id, state=None, description=None, env=None, state_info=None):
        return updates.update_execution(self, execution_id, state, description, env, state_info)

    def delete_execution(self, execution_id, force=False):
        executions.delete_execution(self, execution_id, force)

    def env_revisions(self, execution_id):
        return executions.env_revisions(self, execution_id)

    # -- tasks and action executions ------------------------------------------------

    def get_task(self, task_id):
        return tasks.get_task(self, task_id)

    def list_tasks(self, query, execution_id=None):
        return tasks.list_tasks(self, query, execution_id)

    def update_task(self, task_id, state, reset=updates.MISSING, env=None, name=None, workflow_name=None):
        return updates.update_task(self, task_id, state, reset, env, name, workflow_name)

    def get_action_execution(self, action_execution_id):
        return tasks.get_action_execution(self, action_execution_id)

    def list_action_executions(self, query, task_id=None):
        return tasks.list_action_executions(self, query, task_id)

    # -- environments ------------------------------------------------------------------

    def create_environment(self, name, variables, description=None, scope="private"):
        return environments.create_environment(self, name, variables, description, scope)

    def get_environment(self, name):
        return environments.get_environment(self, name)

    def list_environments(self, query):
        return environments.list_environments(self, query)

    def update_environment(self, name, **changes):
        return environments.update_environment(self, name, **changes)

    def delete_environment(self, name):
        environments.delete_environment(self, name)
