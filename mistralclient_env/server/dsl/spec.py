"""Parsed form of a workflow definition, as the engine reads it.

The parser (``dsl.parser``) builds these from YAML after validation, so the
engine can trust every field. Expressions stay unevaluated strings here: any
value may contain ``<% ... %>`` (YAQL) or ``{{ ... }}`` (Jinja2).
"""

from dataclasses import dataclass, field
from typing import Any

_NO_DEFAULT = object()


@dataclass(frozen=True)
class InputParam:
    """One entry of a workflow's ``input`` list."""

    name: str
    default: Any = _NO_DEFAULT

    @property
    def required(self):
        return self.default is _NO_DEFAULT


@dataclass(frozen=True)
class Transition:
    """One target of ``on-success``, ``on-error`` or ``on-complete``.

    ``condition`` is an expression string, or None when the target is taken
    unconditionally.
    """

    task: str
    condition: Any = None


@dataclass(frozen=True)
class RetryPolicy:
    """``retry``: how many more attempts after a failure, and the pause between.

    ``count`` and ``delay`` are ints (seconds for the delay) or expressions.
    """

    count: Any
    delay: Any = 0


@dataclass(frozen=True)
class WithItems:
    """``with-items``: one or more ``variable in <expression or list>`` clauses.

    With several clauses the lists are zipped, as Mistral does, and every list
    must have the same length at run time.
    """

    variables: tuple  # tuple of (name, expression-or-list)


@dataclass(frozen=True)
class TaskSpec:
    """One task of a direct workflow. Exactly one of action and workflow is set.

    ``input`` contains both the ``input:`` mapping and the inline parameters of
    ``action: std.echo output=x``, already split into a dict.
    ``wait_before``, ``wait_after`` and ``timeout`` are seconds (ints, floats
    or expressions), 0 or None when absent.
    """

    name: str
    action: str | None = None
    workflow: str | None = None
    input: dict = field(default_factory=dict)
    publish: dict = field(default_factory=dict)
    on_success: tuple = ()
    on_error: tuple = ()
    on_complete: tuple = ()
    join: Any = None  # None, "all" or a positive int
    retry: RetryPolicy | None = None
    with_items: WithItems | None = None
    concurrency: Any = None
    pause_before: Any = False
    wait_before: Any = 0
    wait_after: Any = 0
    timeout: Any = None
    description: str = ""
    tags: tuple = ()


@dataclass(frozen=True)
class WorkflowSpec:
    """One workflow of a definition document; only ``type: direct`` exists here."""

    name: str
    tasks: dict  # task name -> TaskSpec, in document order
    input: tuple = ()  # tuple of InputParam
    vars: dict = field(default_factory=dict)
    output: Any = None
    type: str = "direct"
    description: str = ""
    tags: tuple = ()

    def start_tasks(self):
        """Return the tasks that no transition of this workflow leads to."""
        targets = set()
        for task in self.tasks.values():
            for transition in task.on_success + task.on_error + task.on_complete:
                targets.add(transition.task)

        return [task for name, task in self.tasks.items() if name not in targets]

    def inbound_tasks(self, task_name):
        """Return the names of the tasks that have a transition to ``task_name``."""
        inbound = []
        for task in self.tasks.values():
            transitions = task.on_success + task.on_error + task.on_complete
            if any(transition.task == task_name for transition in transitions):
                inbound.append(task.name)

        return inbound
