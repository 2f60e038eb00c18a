"""Read task executions and action executions."""

from mistralclient_env.server.db import models
from mistralclient_env.server.db.query import fetch_page
from mistralclient_env.server.engine import views
from mistralclient_env.server.engine.errors import NotFoundError
from mistralclient_env.server.engine.query import Filter


def get_task(engine, task_id):
    with engine.db.read() as session:
        task = session.get(models.TaskExecution, task_id)
        if task is None:
            raise NotFoundError(f"Task execution not found: {task_id}")
        return views.task_dict(task)


def list_tasks(engine, query, execution_id=None):
    """Return one page of tasks, of one execution when ``execution_id`` is given.

    ``result`` is read only when ``query.fields`` requests it.
    """
    extra_filters = ()
    with engine.db.read() as session:
        if execution_id is not None:
            if session.get(models.WorkflowExecution, execution_id) is None:
                raise NotFoundError(f"Workflow execution not found: {execution_id}")
            extra_filters = (Filter("workflow_execution_id", "eq", execution_id),)

        rows = fetch_page(session, models.TaskExecution, query, extra_filters)
        with_result = "result" in query.fields
        return [views.task_dict(row, result=with_result) for row in rows]


def get_action_execution(engine, action_execution_id):
    with engine.db.read() as session:
        action_execution = session.get(models.ActionExecution, action_execution_id)
        if action_execution is None:
            raise NotFoundError(f"Action execution not found: {action_execution_id}")
        return views.action_execution_dict(action_execution)


def list_action_executions(engine, query, task_id=None):
    """Return one page of action executions, of one task when ``task_id`` is given."""
    extra_filters = ()
    with engine.db.read() as session:
        if task_id is not None:
            if session.get(models.TaskExecution, task_id) is None:
                raise NotFoundError(f"Task execution not found: {task_id}")
            extra_filters = (Filter("task_execution_id", "eq", task_id),)

        rows = fetch_page(session, models.ActionExecution, query, extra_filters)
        with_output = "output" in query.fields
        return [views.action_execution_dict(row, output=with_output) for row in rows]
