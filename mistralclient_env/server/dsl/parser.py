"""Parse a workflow definition document into WorkflowSpec objects.

The steps run in this order, and the first problem raises DSLError with the
path of the element and what is wrong with it:

1. YAML, with dates kept as strings and duplicate keys rejected;
2. the top level: ``version: '2.0'`` and workflows only, no reverse workflows;
3. the structure of every workflow and task, with jsonschema;
4. the meaning of every task: inline parameters, action names and their
   parameters, transition targets, ``with-items`` clauses and the syntax of
   every expression;
5. the task graph of every workflow: start tasks and ``join``.
"""

import copy
import json
import logging
import re
import uuid

from mistralclient_env.server import actions, expressions
from mistralclient_env.server.dsl import graph, inline
from mistralclient_env.server.dsl.names import check_name
from mistralclient_env.server.dsl.loader import load_document
from mistralclient_env.server.dsl.paths import format_path
from mistralclient_env.server.dsl.schema import validate_structure
from mistralclient_env.server.dsl.spec import (
    InputParam,
    RetryPolicy,
    TaskSpec,
    Transition,
    WithItems,
    WorkflowSpec,
)
from mistralclient_env.server.engine.errors import DSLError, InvalidInputError

LOG = logging.getLogger(__name__)

SUPPORTED_VERSION = "2.0"

# Top-level keys of Mistral workbooks, which this server does not accept.
_WORKBOOK_KEYS = ("name", "description", "tags", "workflows", "actions")

# Mistral's engine commands, which may stand in place of a task name in a
# transition. This server has no engine commands.
ENGINE_COMMANDS = ("fail", "succeed", "pause", "noop")

_TRANSITION_CLAUSES = ("on-success", "on-error", "on-complete")

_WITH_ITEMS_CLAUSE = re.compile(r"\s*([-\w]+)\s+in\s+(\S.*?)\s*", re.DOTALL)

_MAX_TASK_NAME_LENGTH = 255


def parse_document(text):
    """Parse and validate a workflow definition and return its workflows in document order.

    ``text`` is YAML with ``version: '2.0'`` and one or more direct workflows.
    Raises DSLError(path, message) for the first problem found.
    """
    document = load_document(text)
    _check_top_level(document)
    _expand_retry_strings(document)
    validate_structure(document)

    workflows = [
        _build_workflow(name, body)
        for name, body in document.items()
        if name != "version"
    ]

    LOG.debug("Parsed workflows %s", ", ".join(workflow.name for workflow in workflows))
    return workflows


def _check_top_level(document):
    if document is None or document == "":
        raise DSLError("", "the definition is empty. Write version: '2.0' and at least one workflow")

    if not isinstance(document, dict):
        raise DSLError("", "the definition must be a mapping of 'version' and workflows")

    if "version" not in document:
        raise DSLError("", "missing required key 'version'. Add version: '2.0'")

    if not _is_supported_version(document["version"]):
        raise DSLError(
            "version",
            f"unsupported version {document['version']!r}, because this server reads version '2.0' only",
        )

    for name, body in document.items():
        if name == "version":
            continue

        if isinstance(name, str):
            check_name("workflow", name, name)

        if name in _WORKBOOK_KEYS and not (isinstance(body, dict) and "tasks" in body):
            raise DSLError(
                name,
                f"'{name}' belongs to workbooks, which this server does not support. "
                "A workflow definition contains 'version' and workflows only",
            )

        if not isinstance(body, dict):
            raise DSLError(name, "a workflow must be a mapping with 'tasks'")

        if body.get("type") == "reverse":
            raise DSLError(
                f"{name}.type",
                "reverse workflows are not supported, because only direct workflows run on this server",
            )


def _is_supported_version(version):
    if isinstance(version, bool):
        return False

    try:
        return str(float(version)) == SUPPORTED_VERSION
    except (TypeError, ValueError):
        return False


def _expand_retry_strings(document):
    """Turn the one-line form ``retry: count=3 delay=1`` into a mapping."""
    for workflow_name, workflow in document.items():
        if workflow_name == "version" or not isinstance(workflow.get("tasks"), dict):
            continue

        for task_name, task in workflow["tasks"].items():
            if isinstance(task, dict) and isinstance(task.get("retry"), str):
                path = [workflow_name, "tasks", task_name, "retry"]
                task["retry"] = _parse_inline(inline.parse_parameters, task["retry"], path)


def _build_workflow(name, body):
    path = [name]
    if _is_uuid(name):
        raise DSLError(name, "a workflow name must not look like a UUID, which is reserved for ids")

    inputs = _build_inputs(body.get("input", []), path + ["input"])
    variables = body.get("vars", {})
    _check_expressions(variables, path + ["vars"])
    output = body.get("output")
    _check_expressions(output, path + ["output"])

    task_names = set(body["tasks"])
    tasks = {
        task_name: _build_task(task_name, task_body, task_names, path + ["tasks", task_name])
        for task_name, task_body in body["tasks"].items()
    }

    workflow = WorkflowSpec(
        name=name,
        tasks=tasks,
        input=tuple(inputs),
        vars=variables,
        output=output,
        description=body.get("description", ""),
        tags=tuple(body.get("tags", ())),
    )

    graph.check_graph(workflow, body["tasks"], path)
    return workflow


def _is_uuid(name):
    try:
        uuid.UUID(name)
    except ValueError:
        return False
    return True


def _build_inputs(entries, path):
    inputs = []
    seen = set()
    for index, entry in enumerate(entries):
        if isinstance(entry, str):
            param = InputParam(entry)
        else:
            ((name, default),) = entry.items()
            param = InputParam(name, default)

        if param.name in seen:
            raise DSLError(format_path(path + [index]), f"input '{param.name}' is declared twice")

        seen.add(param.name)
        inputs.append(param)

    return inputs


def _build_task(name, body, task_names, path):
    if len(name) > _MAX_TASK_NAME_LENGTH:
        raise DSLError(format_path(path), f"task names are limited to {_MAX_TASK_NAME_LENGTH} characters")
    check_name("task", name, format_path(path))

    kind = _task_kind(body, path)
    target, task_input = _build_task_input(body, kind, path)

    if kind == "action":
        _check_action(target, task_input, path + ["action"])

    publish = body.get("publish", {})
    _check_expressions(publish, path + ["publish"])

    transitions = {
        clause: _build_transitions(body.get(clause), task_names, path + [clause])
        for clause in _TRANSITION_CLAUSES
    }

    return TaskSpec(
        name=name,
        action=target if kind == "action" else None,
        workflow=target if kind == "workflow" else None,
        input=task_input,
        publish=publish,
        on_success=transitions["on-success"],
        on_error=transitions["on-error"],
        on_complete=transitions["on-complete"],
        join=_build_join(body.get("join")),
        retry=_build_retry(body.get("retry"), path + ["retry"]),
        with_items=_build_with_items(body.get("with-items"), path + ["with-items"]),
        concurrency=_checked(body, "concurrency", None, path),
        pause_before=_checked(body, "pause-before", False, path),
        wait_before=_checked(body, "wait-before", 0, path),
        wait_after=_checked(body, "wait-after", 0, path),
        timeout=_checked(body, "timeout", None, path),
        description=body.get("description", ""),
        tags=tuple(body.get("tags", ())),
    )


def _task_kind(body, path):
    if "action" in body and "workflow" in body:
        raise DSLError(
            format_path(path),
            "a task needs exactly one of 'action' and 'workflow', and this one has both",
        )

    return "workflow" if "workflow" in body else "action"


def _build_task_input(body, kind, path):
    """Return the action or workflow name and its input with the inline parameters merged in.

    Inline parameters win over ``input:`` on the same key, and mappings are
    merged key by key, as Mistral's ``merge_dicts(input, inline_params)`` does.
    """
    # Like Mistral, a task with neither key runs std.noop: such tasks only route.
    command = body.get(kind, "std.noop")
    target, inline_params = _parse_inline(inline.split_command, command, path + [kind])
    _check_expressions(inline_params, path + [kind])

    declared = body.get("input", {})
    _check_expressions(declared, path + ["input"])

    return target, _merge(declared, inline_params)


def _merge(base, update):
    merged = copy.deepcopy(base)
    for key, value in update.items():
        if isinstance(merged.get(key), dict) and isinstance(value, dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)

    return merged


def _check_action(name, task_input, path):
    try:
        actions.check_action(name, task_input.keys())
    except InvalidInputError as error:
        raise DSLError(format_path(path), str(error)) from None


def _build_transitions(clause, task_names, path):
    """Return the Transition tuple of one ``on-*`` clause."""
    if clause is None:
        return ()

    if isinstance(clause, dict) and _is_publish_next_form(clause):
        raise DSLError(
            format_path(path),
            "the 'publish'/'next' form of transitions is not supported. "
            "List the next tasks directly and publish in the task's 'publish'",
        )

    entries = clause if isinstance(clause, list) else [clause]
    transitions = []
    for index, entry in enumerate(entries):
        entry_path = path + [index] if isinstance(clause, list) else path
        transition = _build_transition(entry, task_names, entry_path)

        if transition in transitions:
            raise DSLError(format_path(entry_path), f"task '{transition.task}' is listed twice")

        transitions.append(transition)

    return tuple(transitions)


def _is_publish_next_form(clause):
    keys = set(clause)
    if not keys & {"publish", "next"}:
        return False

    # A one-key {next: <% condition %>} is a task named "next" with a condition.
    return len(clause) > 1 or not expressions.is_expression(next(iter(clause.values())))


def _build_transition(entry, task_names, path):
    if isinstance(entry, str):
        target, condition = entry, None
    elif isinstance(entry, dict) and len(entry) == 1:
        ((target, condition),) = entry.items()
        condition_path = path + [target]

        if not isinstance(condition, str) or not expressions.is_expression(condition):
            raise DSLError(
                format_path(condition_path),
                "a transition condition must be an expression, such as <% $.status = 200 %>",
            )
        _check_expressions(condition, condition_path)
    else:
        raise DSLError(
            format_path(path),
            "a transition must be a task name or a mapping {task name: condition}",
        )

    _check_target(target, task_names, path)
    return Transition(target, condition)


def _check_target(target, task_names, path):
    if target in task_names:
        return

    command = target.split("(")[0].split()[0] if target.strip() else target
    if command in ENGINE_COMMANDS:
        raise DSLError(
            format_path(path),
            f"engine command '{command}' is not supported in transitions. "
            "Route to a task instead (std.fail, std.noop)",
        )

    if any(char.isspace() for char in target) or "(" in target:
        raise DSLError(
            format_path(path),
            f"'{target}' is not a task name, and transition parameters are not supported",
        )

    raise DSLError(format_path(path), f"transition to unknown task '{target}'")


def _build_join(join):
    if join == "one":
        return 1

    return join


def _build_retry(retry, path):
    if retry is None:
        return None

    for key in ("count", "delay"):
        _check_expressions(retry[key], path + [key])

    return RetryPolicy(count=retry["count"], delay=retry["delay"])


def _build_with_items(value, path):
    """Return WithItems for ``name in <expression>`` or ``name in [JSON list]`` clauses."""
    if value is None:
        return None

    clauses = value if isinstance(value, list) else [value]
    variables = []
    for index, clause in enumerate(clauses):
        clause_path = path + [index] if isinstance(value, list) else path
        name, source = _parse_with_items_clause(clause, clause_path)

        if any(name == existing for existing, _ in variables):
            raise DSLError(format_path(clause_path), f"item variable '{name}' is used twice")

        variables.append((name, source))

    return WithItems(variables=tuple(variables))


def _parse_with_items_clause(clause, path):
    match = _WITH_ITEMS_CLAUSE.fullmatch(clause)
    if not match:
        raise DSLError(
            format_path(path),
            "a with-items clause must read 'name in <expression or list>', "
            "for example 'host in <% $.hosts %>'",
        )

    name, source = match.groups()
    if source.startswith("["):
        return name, _parse_json_list(source, path)

    if not expressions.is_single_expression(source):
        raise DSLError(
            format_path(path),
            "after 'in' comes an expression such as <% $.hosts %> or a JSON list such as [1, 2]",
        )

    _check_expressions(source, path)
    return name, source


def _parse_json_list(source, path):
    try:
        items = json.loads(source)
    except ValueError as error:
        raise DSLError(
            format_path(path),
            f"the list after 'in' is not valid JSON ({error.msg} at character {error.pos + 1})",
        ) from None

    if not isinstance(items, list):
        raise DSLError(format_path(path), "the value after 'in' must be a list")

    return items


def _checked(body, key, default, path):
    value = body.get(key, default)
    _check_expressions(value, path + [key])
    return value


def _check_expressions(value, path):
    """Raise DSLError for the first string under ``value`` with an invalid expression."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_expressions(item, path + [key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_expressions(item, path + [index])
    elif isinstance(value, str):
        try:
            expressions.validate(value)
        except expressions.ExpressionError as error:
            raise DSLError(
                format_path(path), f"invalid expression {error.expression}: {error.reason}"
            ) from None


def _parse_inline(parse, text, path):
    try:
        return parse(text)
    except inline.InlineParameterError as error:
        raise DSLError(format_path(path), str(error)) from None
