"""Checks on the task graph of one direct workflow."""

from mistralclient_env.server.dsl.paths import format_path
from mistralclient_env.server.engine.errors import DSLError


def check_graph(workflow, task_bodies, path):
    """Raise DSLError unless the workflow has a start task and every join can be met.

    ``task_bodies`` is the ``tasks`` mapping as written, used only to decide
    which task comes first in the document when several are wrong.
    """
    if not workflow.start_tasks():
        raise DSLError(
            format_path(path + ["tasks"]),
            "no task can start the workflow because every task is the target of a "
            "transition. Leave at least one task that no transition leads to",
        )

    for name in task_bodies:
        _check_join(workflow, workflow.tasks[name], path + ["tasks", name, "join"])


def _check_join(workflow, task, path):
    if task.join is None:
        return

    inbound = workflow.inbound_tasks(task.name)
    needed = 1 if task.join == "all" else task.join

    if len(inbound) < needed:
        raise DSLError(
            format_path(path),
            f"join waits for {needed} inbound task(s) but only {len(inbound)} task(s) "
            f"have a transition to '{task.name}'",
        )
