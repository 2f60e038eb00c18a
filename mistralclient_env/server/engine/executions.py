"""Start, read, list and delete workflow executions."""

import logging

from sqlalchemy import delete, select

from mistralclient_env.server import expressions
from mistralclient_env.server.db import models
from mistralclient_env.server.db.query import fetch_page
from mistralclient_env.server.engine import states, views
from mistralclient_env.server.engine.controller import complete_input, find_workflow_definition
from mistralclient_env.server.engine.env import changed_key_paths, json_type_name
from mistralclient_env.server.engine.errors import (
    InvalidInputError,
    NotFoundError,
    StateForbidsError,
)

LOG = logging.getLogger(__name__)

HEAVY_FIELDS = frozenset({"output"})


def create_execution(engine, workflow_identifier, namespace, given_input, params, description):
    """Start an execution of a workflow (by name in ``namespace``, or by id); return it.

    ``params["env"]`` may be a mapping or the name of a stored environment,
    whose variables are copied. Expressions in the env are evaluated once
    against the env itself unless ``params["evaluate_env"]`` is False. The
    server adds ``namespace`` to params.
    """
    params = dict(params or {})
    namespace = namespace or ""

    # Read what the execution starts from: the workflow, its spec, the env.
    with engine.db.read() as session:
        definition = find_workflow_definition(session, workflow_identifier, namespace)
        if definition is None:
            raise NotFoundError(f"Workflow not found: '{workflow_identifier}' in namespace '{namespace}'.")
        definition_id = definition.id
        workflow_name = definition.name
        workflow_namespace = definition.namespace
        document = definition.definition
        env = _start_env(session, params.get("env"))

    spec = engine.specs.workflow(document, workflow_name)
    execution_input = complete_input(spec, given_input)

    execution_id = models.new_id()
    if "env" in params:
        if params.get("evaluate_env", True) is not False and env:
            env = _evaluate_start_env(env, execution_id, workflow_name, execution_input, params)
        params["env"] = env
    params["namespace"] = workflow_namespace

    with engine.tree(execution_id, new=True) as tx:
        execution = models.WorkflowExecution(
            id=execution_id,
            workflow_id=definition_id,
            workflow_name=workflow_name,
            workflow_namespace=workflow_namespace,
            description=description or "",
            params=params,
            state=states.IDLE,
            input=execution_input,
            output={},
            runtime_context={"depth": 0},
            accepted=True,
            env_revision=1,
            definition=document,
            context={},
            created_at=models.utcnow(),
        )
        tx.session.add(execution)
        tx.root = execution
        tx.session.add(models.EnvRevision(
            execution_id=execution_id,
            revision=1,
            cause="start",
            changed_keys=changed_key_paths({}, env or {}),
        ))
        tx.session.flush()

        LOG.info("Starting workflow execution %s of workflow %s", execution_id, workflow_name)
        engine.controller.start_execution(tx, execution)
        tx.run_deferred()
        return views.execution_dict(execution)


def _start_env(session, env):
    if env is None:
        return {}

    if isinstance(env, str):
        statement = select(models.Environment).where(models.Environment.name == env)
        stored = session.scalars(statement).first()
        if stored is None:
            raise InvalidInputError(
                f"Environment not found: '{env}'. Give params.env as a mapping of variables "
                "or as the name of a stored environment."
            )
        return dict(stored.variables or {})

    if not isinstance(env, dict):
        raise InvalidInputError(
            f"Invalid params.env: expected a mapping of variables or the name of a stored environment, "
            f"received {json_type_name(env)}."
        )
    return env


def _evaluate_start_env(env, execution_id, workflow_name, execution_input, params):
    execution = {
        "id": execution_id,
        "name": workflow_name,
        "workflow_name": workflow_name,
        "input": execution_input,
        "params": params,
    }
    try:
        return expressions.evaluate_env(env, execution)
    except expressions.EnvExpressionError as error:
        # Neither the value nor the evaluator's reason: both may quote a password.
        raise InvalidInputError(
            f"Invalid params.env.{expressions.format_path(error.path)}: the value is an expression that "
            f"failed to evaluate ({error.kind}). Fix it, or pass \"evaluate_env\": false in params to keep "
            "the values of params.env as text."
        ) from None


def get_execution(engine, execution_id):
    with engine.db.read() as session:
        execution = session.get(models.WorkflowExecution, execution_id)
        if execution is None:
            raise NotFoundError(f"Workflow execution not found: {execution_id}")
        return views.execution_dict(execution)


def list_executions(engine, query, extra_filters=()):
    """Return one page of executions, with ``output`` only when ``query.fields`` names it."""
    with_output = "output" in query.fields
    with engine.db.read() as session:
        rows = fetch_page(session, models.WorkflowExecution, query, extra_filters)
        return [views.execution_dict(row, output=with_output) for row in rows]


def list_sub_executions(engine, execution_id, task_id, errors_only, max_depth, include_output):
    """Return an execution and the sub-executions below it, or those below a task.

    The order is depth first, each execution before the sub-executions of
    its tasks, as Mistral lists them. A negative ``max_depth`` has no limit.
    ``errors_only`` descends only through tasks in ERROR.
    """
    found = []
    with engine.db.read() as session:
        if execution_id is not None:
            execution = session.get(models.WorkflowExecution, execution_id)
            if execution is None:
                raise NotFoundError(f"Workflow execution not found: {execution_id}")
            _collect_execution(session, execution, errors_only, max_depth, include_output, 0, found)
        else:
            task = session.get(models.TaskExecution, task_id)
            if task is None:
                raise NotFoundError(f"Task execution not found: {task_id}")
            _collect_task(session, task, errors_only, max_depth, include_output, 0, found)
    return found


def _collect_execution(session, execution, errors_only, max_depth, include_output, depth, found):
    if 0 <= max_depth < depth:
        return
    found.append(views.execution_dict(execution, output=include_output))

    statement = (
        select(models.TaskExecution)
        .where(models.TaskExecution.workflow_execution_id == execution.id)
        .order_by(models.TaskExecution.created_at, models.TaskExecution.id)
    )
    for task in session.scalars(statement):
        _collect_task(session, task, errors_only, max_depth, include_output, depth + 1, found)


def _collect_task(session, task, errors_only, max_depth, include_output, depth, found):
    if errors_only and task.state != states.ERROR:
        return
    statement = (
        select(models.WorkflowExecution)
        .where(models.WorkflowExecution.task_execution_id == task.id)
        .order_by(models.WorkflowExecution.created_at, models.WorkflowExecution.id)
    )
    for child in session.scalars(statement):
        _collect_execution(session, child, errors_only, max_depth, include_output, depth, found)


def delete_execution(engine, execution_id, force):
    """Delete a finished execution with its tasks, action executions and sub-executions.

    An unfinished one needs ``force``; its running actions are cancelled.
    """
    root_id = engine.root_of_execution(execution_id)

    with engine.tree(root_id) as tx:
        execution = tx.session.get(models.WorkflowExecution, execution_id)
        if execution is None:
            raise NotFoundError(f"Workflow execution not found: {execution_id}")
        if not force and execution.state not in states.COMPLETED:
            raise StateForbidsError(
                f"Workflow execution {execution_id} is {execution.state}: only a finished execution "
                "(SUCCESS, ERROR or CANCELLED) can be deleted. Stop it first, or delete with force."
            )

        execution_ids, task_ids = _subtree(tx.session, execution)
        running = select(models.ActionExecution.id).where(
            models.ActionExecution.task_execution_id.in_(task_ids),
            models.ActionExecution.state == states.RUNNING,
        )
        for action_execution_id in tx.session.scalars(running):
            tx.after_commit(engine.runner.cancel, action_execution_id)

        tx.session.execute(delete(models.ActionExecution).where(models.ActionExecution.task_execution_id.in_(task_ids)))
        tx.session.execute(delete(models.TaskExecution).where(models.TaskExecution.id.in_(task_ids)))
        tx.session.execute(delete(models.EnvRevision).where(models.EnvRevision.execution_id.in_(execution_ids)))
        tx.session.execute(delete(models.WorkflowExecution).where(models.WorkflowExecution.id.in_(execution_ids)))
        tx.session.expunge_all()

    LOG.info("Deleted workflow execution %s with %d sub-executions", execution_id, len(execution_ids) - 1)


def _subtree(session, execution):
    execution_ids = [execution.id]
    task_ids = []
    frontier = [execution.id]

    while frontier:
        tasks = list(session.scalars(
            select(models.TaskExecution.id).where(models.TaskExecution.workflow_execution_id.in_(frontier))
        ))
        task_ids.extend(tasks)
        frontier = list(session.scalars(
            select(models.WorkflowExecution.id).where(models.WorkflowExecution.task_execution_id.in_(tasks))
        )) if tasks else []
        execution_ids.extend(frontier)

    return execution_ids, task_ids


def env_revisions(engine, execution_id):
    """Return the env revisions of the tree that ``execution_id`` belongs to, oldest first."""
    root_id = engine.root_of_execution(execution_id)
    with engine.db.read() as session:
        statement = (
            select(models.EnvRevision)
            .where(models.EnvRevision.execution_id == root_id)
            .order_by(models.EnvRevision.revision)
        )
        return [
            {
                "execution_id": revision.execution_id,
                "revision": revision.revision,
                "created_at": revision.created_at,
                "cause": revision.cause,
                "changed_keys": list(revision.changed_keys or []),
            }
            for revision in session.scalars(statement)
        ]
