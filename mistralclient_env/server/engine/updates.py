"""Operator changes of a running tree: execution update (PUT) and task rerun or skip.

Each request is checked and applied in one ``Engine.tree`` transaction, so
the checks read the state that the change applies to. Of two concurrent
reruns of one task, the second finds the task RUNNING and is rejected. Two
concurrent env updates merge one after the other. A rejection raises before
anything is written, so it changes nothing.

The env of a tree lives in ``params.env`` of its root execution; whichever
execution or task a request names, the root's env is merged and a revision
is recorded.
"""

import logging

from sqlalchemy.orm.attributes import flag_modified

from mistralclient_env.server.db import models
from mistralclient_env.server.engine import states, views
from mistralclient_env.server.engine.bookkeeping import Failure, ItemCountChanged
from mistralclient_env.server.engine.env import changed_key_paths, merge_env, parse_env_update
from mistralclient_env.server.engine.errors import (
    InvalidInputError,
    NotFoundError,
    StateForbidsError,
)

LOG = logging.getLogger(__name__)

MISSING = object()
"""Marks ``reset`` absent from a rerun request (as opposed to false)."""

EXECUTION_TARGET_STATES = (states.RUNNING, states.PAUSED, states.SUCCESS, states.ERROR, states.CANCELLED)

_ENV_STATES_TEXT = "IDLE, PAUSED or ERROR"


def record_env_change(tx, update, cause):
    """Deep-merge ``update`` into the root's env and record a revision. Returns the changed key paths."""
    root = tx.root
    params = dict(root.params or {})
    current = params.get("env") or {}

    changed = changed_key_paths(current, update)
    params["env"] = merge_env(current, update)
    root.params = params
    flag_modified(root, "params")
    root.env_revision = (root.env_revision or 0) + 1

    tx.session.add(models.EnvRevision(
        execution_id=root.id,
        revision=root.env_revision,
        cause=cause,
        changed_keys=changed,
        created_at=tx.now,
    ))
    LOG.info("Env of workflow execution %s changed by %s, revision %d, keys: %s",
             root.id, cause, root.env_revision, ", ".join(changed) or "none")
    return changed


def _check_env_allowed(execution, root):
    for checked in (execution, root):
        if checked.state not in states.ENV_UPDATABLE:
            which = "workflow execution" if checked is execution else "root workflow execution"
            raise StateForbidsError(
                f"Cannot change the env: {which} {checked.id} is {checked.state}. The env can only change "
                f"while the execution is {_ENV_STATES_TEXT}: pause it first, or wait until it ends in ERROR."
            )


def _cannot_resume_error(execution):
    return InvalidInputError(
        f"Workflow execution {execution.id} is ERROR and cannot be resumed. Change its env without a "
        "state (params.env alone), then rerun the failed task; or rerun the failed task with env."
    )


def update_execution(engine, execution_id, state=None, description=None, env=None, state_info=None):
    """Apply PUT /v2/executions/{id}: a state change, a description, or an env merge.

    ``env`` is ``params.env`` as the request held it (validated here, after
    the execution is known to exist). The rules and their order are those of
    the Mistral v2 API, except that env is never silently dropped. Env with a
    resume of a RUNNING, SUCCESS or CANCELLED execution is rejected like env
    alone. With a resume of an ERROR execution it is a 400 whose message
    states what to do instead.
    """
    root_id = engine.root_of_execution(execution_id)

    with engine.tree(root_id) as tx:
        execution = tx.session.get(models.WorkflowExecution, execution_id)
        if execution is None:
            raise NotFoundError(f"Workflow execution not found: {execution_id}")
        env_update = parse_env_update(env, field="params.env")

        if not state and not description and not env_update:
            raise InvalidInputError(
                "Nothing to update: give state, description or a non-empty params.env."
            )
        if description and state:
            raise InvalidInputError(
                "The description must be updated on its own, without a state."
            )
        if env_update and state and state != states.RUNNING:
            raise InvalidInputError(
                f"Cannot change the env together with state {state}: the env can only change while "
                "the execution is not running (no state), or on resume from pause (state RUNNING)."
            )
        if state and state not in EXECUTION_TARGET_STATES:
            raise InvalidInputError(
                f"Cannot change workflow execution {execution_id} to state {state}: "
                f"use one of {', '.join(EXECUTION_TARGET_STATES)}."
            )

        controller = engine.controller

        if env_update and not state:
            _check_env_allowed(execution, tx.root)
            if description:
                execution.description = description
            record_env_change(tx, env_update, "update")
        elif description:
            execution.description = description
        elif state == states.RUNNING:
            _resume(tx, controller, execution, env_update)
        elif state == states.PAUSED:
            if execution.state != states.PAUSED:
                states.check_transition("workflow execution", execution.id, execution.state, states.PAUSED)
                LOG.info("Pausing workflow execution %s", execution.id)
                controller.pause_tree(tx)
        else:
            controller.stop_execution(tx, execution, state, state_info)

        execution.updated_at = models.utcnow()
        tx.run_deferred()
        return views.execution_dict(execution)


def _resume(tx, controller, execution, env_update):
    if execution.state in states.RESUMABLE:
        if env_update:
            _check_env_allowed(execution, tx.root)
            record_env_change(tx, env_update, "resume")
        LOG.info("Resuming workflow execution %s", execution.id)
        controller.resume_tree(tx)
        return

    if execution.state == states.ERROR:
        raise _cannot_resume_error(execution)

    if env_update:
        _check_env_allowed(execution, tx.root)

    # RUNNING without env: nothing to do. SUCCESS or CANCELLED: an invalid transition.
    states.check_transition("workflow execution", execution.id, execution.state, states.RUNNING)


def _check_items_for_resume(controller, tx, execution, spec, task, env_update):
    """Reject a rerun without reset whose with-items list cannot be matched to the task's iterations."""
    rc = task.runtime_context or {}
    if spec.tasks[task.name].with_items is None or not rc.get("with_items") or not rc.get("iterations"):
        # A task whose list never evaluated has no iterations to keep; its rerun starts afresh.
        return

    env = merge_env(tx.env, env_update) if env_update else None
    try:
        controller.evaluate_rerun_items(tx, execution, spec.tasks[task.name], task, env=env)
    except ItemCountChanged as error:
        raise InvalidInputError(str(error)) from None
    except Failure as failure:
        env_description = "the merged env" if env_update else "the current env"
        raise InvalidInputError(
            f"Cannot rerun task '{task.name}' without reset: its with-items list failed to evaluate "
            f"with {env_description}: {failure}"
        ) from None


def update_task(engine, task_id, state, reset=MISSING, env=None, name=None, workflow_name=None):
    """Apply PUT /v2/tasks/{id}: rerun a task in ERROR (state RUNNING) or skip it (state SKIPPED).

    ``env`` is the request's env, a mapping or JSON text. The checks run in
    the order of the Mistral v2 API. Returns the task as it is after the
    restart was scheduled: RUNNING, or WAITING when its execution is paused.

    A rerun without reset (``reset: false``, the CLI's ``--resume``) of a
    with-items task evaluates the with-items list again against the env as
    it will be once the request's env is merged. When the new list is
    longer or shorter than the list the task started with, the rerun raises
    InvalidInputError (a 400) and nothing changes, the env included. Its
    message states that the item count changed from M to N and that a rerun
    with reset runs every item. Otherwise exactly the failed iterations run
    again, each with the item now at its index, and successful iterations
    keep their items and results. A list that fails to evaluate is rejected
    the same way.
    """
    root_id = engine.root_of_task(task_id)

    with engine.tree(root_id) as tx:
        task = tx.session.get(models.TaskExecution, task_id)
        if task is None:
            raise NotFoundError(f"Task execution not found: {task_id}")

        if name is not None and name != task.name:
            raise InvalidInputError(
                f"Task name does not match: task execution {task_id} is '{task.name}', the request names '{name}'."
            )
        if workflow_name is not None and workflow_name != task.workflow_name:
            raise InvalidInputError(
                f"Workflow name does not match: task execution {task_id} belongs to '{task.workflow_name}', "
                f"the request names '{workflow_name}'."
            )

        env_update = parse_env_update(env, allow_json_text=True)

        if state not in (states.RUNNING, states.SKIPPED):
            raise InvalidInputError(
                f"Invalid task state {state}: only RUNNING (rerun) or SKIPPED is supported."
            )
        if task.state != states.ERROR:
            hint = " It is already being rerun." if task.state in (states.RUNNING, states.WAITING, states.RUNNING_DELAYED) else ""
            raise InvalidInputError(
                f"Task execution {task_id} is {task.state}: it must be in ERROR to be rerun or skipped.{hint}"
            )

        execution = tx.session.get(models.WorkflowExecution, task.workflow_execution_id)
        spec = engine.controller.spec_of(execution)

        if state == states.RUNNING:
            if reset is MISSING or reset is None:
                raise InvalidInputError(
                    "reset is required for a rerun: true runs the task from the start, "
                    "false reruns only the failed iterations of a with-items task."
                )
            if not reset and spec.tasks[task.name].with_items is None:
                raise InvalidInputError(
                    f"Task '{task.name}' has no with-items: only with-items tasks can rerun without reset."
                )

        if env_update:
            _check_env_allowed(execution, tx.root)
        elif execution.state not in (states.RUNNING, states.PAUSED, states.IDLE, states.ERROR):
            raise StateForbidsError(
                f"Workflow execution {execution.id} is {execution.state}: a task of a finished "
                "execution cannot be rerun or skipped."
            )

        if state == states.RUNNING and not reset:
            _check_items_for_resume(engine.controller, tx, execution, spec, task, env_update)

        if env_update:
            record_env_change(tx, env_update, "rerun")

        if state == states.RUNNING:
            LOG.info("Rerunning task %s (%s) of workflow execution %s, reset %s",
                     task.id, task.name, execution.id, reset)
            engine.controller.rerun_task(tx, execution, spec, task, bool(reset))
        else:
            LOG.info("Skipping task %s (%s) of workflow execution %s", task.id, task.name, execution.id)
            engine.controller.skip_task(tx, execution, spec, task)

        tx.run_deferred()
        return views.task_dict(task)
