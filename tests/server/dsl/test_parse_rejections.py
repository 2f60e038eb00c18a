"""Each definition the parser rejects, with the path and the kind of message."""

import textwrap

import pytest

from mistralclient_env.server.dsl import parse_document
from mistralclient_env.server.engine.errors import DSLError, InvalidInputError


def workflow_document(body):
    """Return a document with one workflow ``wf`` whose body is ``body``."""
    return "version: '2.0'\nwf:\n" + textwrap.indent(textwrap.dedent(body), "  ")


def task_document(body):
    """Return a document whose workflow has one task ``t`` with ``body``."""
    return workflow_document("tasks:\n  t:\n" + textwrap.indent(textwrap.dedent(body), "    "))


def rejection(document):
    with pytest.raises(DSLError) as caught:
        parse_document(document)
    return caught.value


DOCUMENT_REJECTIONS = [
    ("empty", "", "", "empty"),
    ("not a mapping", "- a\n- b\n", "", "must be a mapping"),
    ("invalid yaml", "version: '2.0'\nwf: [1\n", "", "invalid YAML at line 3"),
    ("duplicate key", "version: '2.0'\nwf: {tasks: {t: {action: std.noop}}}\nwf: {}\n", "", "appears twice"),
    ("missing version", "wf: {tasks: {t: {action: std.noop}}}\n", "", "missing required key 'version'"),
    ("old version", "version: '1.0'\nwf: {tasks: {t: {action: std.noop}}}\n", "version", "unsupported version"),
    ("no workflow", "version: '2.0'\n", "", "at least one workflow"),
    ("workbook name", "version: '2.0'\nname: book\n", "name", "workbooks"),
    ("workbook workflows", "version: '2.0'\nworkflows: {wf: {tasks: {}}}\n", "workflows", "workbooks"),
    ("workflow not mapping", "version: '2.0'\nwf: 3\n", "wf", "must be a mapping with 'tasks'"),
    ("uuid name", "version: '2.0'\n123e4567-e89b-12d3-a456-426655440000: {tasks: {t: {action: std.noop}}}\n",
     "123e4567-e89b-12d3-a456-426655440000", "UUID"),
    ("slash in workflow name", "version: '2.0'\na/b: {tasks: {t: {action: std.noop}}}\n", "a/b", "contains '/'"),
    ("question mark in workflow name", "version: '2.0'\n'a?b': {tasks: {t: {action: std.noop}}}\n", "a?b", "contains '?'"),
    ("hash in workflow name", "version: '2.0'\n'a#b': {tasks: {t: {action: std.noop}}}\n", "a#b", "contains '#'"),
    ("percent in workflow name", "version: '2.0'\na%20b: {tasks: {t: {action: std.noop}}}\n", "a%20b", "contains '%'"),
    ("backslash in workflow name", "version: '2.0'\na\\b: {tasks: {t: {action: std.noop}}}\n", "a\\b", "contains '\\'"),
    ("space in workflow name", "version: '2.0'\nmy wf: {tasks: {t: {action: std.noop}}}\n", "my wf", "U+0020"),
    ("tab in workflow name", "version: '2.0'\n\"a\\tb\": {tasks: {t: {action: std.noop}}}\n", "a\\u0009b", "U+0009"),
    ("dot segment workflow name", "version: '2.0'\n'..': {tasks: {t: {action: std.noop}}}\n", "..", "dot segment"),
    ("non-string key", "version: '2.0'\nwf: {tasks: {t: {action: std.noop}}, vars: {1: a}}\n", "wf.vars", "not a string"),
    ("binary value", "version: '2.0'\nwf: {tasks: {t: {action: std.noop}}, vars: {a: !!binary aGk=}}\n",
     "wf.vars.a", "cannot be stored as JSON"),
]

WORKFLOW_REJECTIONS = [
    ("reverse", "type: reverse\ntasks: {t: {action: std.noop, requires: [u]}}\n", "wf.type", "reverse workflows are not supported"),
    ("no tasks", "input: [a]\n", "wf", "missing required key 'tasks'"),
    ("empty tasks", "tasks: {}\n", "wf.tasks", "must not be empty"),
    ("task defaults", "task-defaults: {retry: {count: 1, delay: 1}}\ntasks: {t: {action: std.noop}}\n",
     "wf.task-defaults", "'task-defaults' (task defaults) is not supported"),
    ("output on error", "output-on-error: {a: 1}\ntasks: {t: {action: std.noop}}\n",
     "wf.output-on-error", "is not supported"),
    ("unknown key", "colour: red\ntasks: {t: {action: std.noop}}\n", "wf.colour", "unknown key 'colour'"),
    ("empty description", "description: ''\ntasks: {t: {action: std.noop}}\n", "wf.description", "must not be empty"),
    ("repeated tag", "tags: [a, a]\ntasks: {t: {action: std.noop}}\n", "wf.tags", "same entry twice"),
    ("input not list", "input: {a: 1}\ntasks: {t: {action: std.noop}}\n", "wf.input", "must be a list"),
    ("input entry two keys", "input: [{a: 1, b: 2}]\ntasks: {t: {action: std.noop}}\n", "wf.input[0]", "parameter name or a mapping"),
    ("duplicate input", "input: [a, {a: 1}]\ntasks: {t: {action: std.noop}}\n", "wf.input[1]", "input 'a' is declared twice"),
    ("empty vars", "vars: {}\ntasks: {t: {action: std.noop}}\n", "wf.vars", "must not be empty"),
    ("output list", "output: [a]\ntasks: {t: {action: std.noop}}\n", "wf.output", "must be a mapping"),
    ("bad vars expression", "vars: {a: '<% $.b[ %>'}\ntasks: {t: {action: std.noop}}\n", "wf.vars.a", "invalid expression"),
    ("task name with space", "tasks:\n  my task: {action: std.noop}\n", "wf.tasks.my task", "must not be empty or contain spaces"),
    ("slash in task name", "tasks:\n  a/b: {action: std.noop}\n", "wf.tasks.a/b", "the task name contains '/'"),
    ("hash in task name", "tasks:\n  'a#b': {action: std.noop}\n", "wf.tasks.a#b", "the task name contains '#'"),
    ("task not mapping", "tasks: {t: [1]}\n", "wf.tasks.t", "must be a mapping"),
    ("no start task", "tasks:\n  a: {action: std.noop, on-success: [b]}\n  b: {action: std.noop, on-success: [a]}\n",
     "wf.tasks", "no task can start"),
    ("join without inbound", "tasks:\n  t: {action: std.noop, join: all}\n", "wf.tasks.t.join", "join waits for 1"),
    ("join too many", "tasks:\n  a: {action: std.noop, on-success: [c]}\n  c: {action: std.noop, join: 2}\n",
     "wf.tasks.c.join", "join waits for 2"),
]

TASK_REJECTIONS = [
    ("both action and workflow", "action: std.noop\nworkflow: other\n", "wf.tasks.t", "this one has both"),
    ("input for implicit std.noop", "input: {a: 1}\n", "wf.tasks.t.action", "has no parameter 'a'"),
    ("unknown action", "action: std.nothing\n", "wf.tasks.t.action", "unknown action 'std.nothing'"),
    ("missing action parameter", "action: std.echo\n", "wf.tasks.t.action", "requires the parameter 'output'"),
    ("unknown action parameter", "action: std.echo output=1 colour=red\n", "wf.tasks.t.action", "has no parameter 'colour'"),
    ("unknown input parameter", "action: std.sleep\ninput: {minutes: 1}\n", "wf.tasks.t.action", "has no parameter 'minutes'"),
    ("expression as action name", "action: <% $.name %> a=1\n", "wf.tasks.t.action", "name is an expression"),
    ("unreadable inline parameters", "action: std.echo output\n", "wf.tasks.t.action", "expected key=value"),
    ("repeated inline parameter", "action: std.echo output=1 output=2\n", "wf.tasks.t.action", "given twice"),
    ("bad inline json", "action: \"std.echo output={'a': 1}\"\n", "wf.tasks.t.action", "not valid JSON"),
    ("bad inline expression", "action: std.echo output=<% $.a[ %>\n", "wf.tasks.t.action.output", "invalid expression"),
    ("input as expression", "action: std.noop\ninput: <% $.x %>\n", "wf.tasks.t.input", "non-empty mapping"),
    ("bad input expression", "action: std.echo\ninput: {output: <% $. %>}\n", "wf.tasks.t.input.output", "invalid expression"),
    ("mixed languages", "action: std.echo\ninput: {output: \"<% 1 %> {{ 2 }}\"}\n", "wf.tasks.t.input.output", "cannot be mixed"),
    ("bad publish expression", "action: std.noop\npublish: {a: \"{{ _.a( }}\"}\n", "wf.tasks.t.publish.a", "invalid expression"),
    ("publish on error", "action: std.noop\npublish-on-error: {a: 1}\n", "wf.tasks.t.publish-on-error", "is not supported"),
    ("safe rerun", "action: std.noop\nsafe-rerun: true\n", "wf.tasks.t.safe-rerun", "is not supported"),
    ("keep result", "action: std.noop\nkeep-result: false\n", "wf.tasks.t.keep-result", "is not supported"),
    ("target", "action: std.noop\ntarget: host\n", "wf.tasks.t.target", "is not supported"),
    ("on skip", "action: std.noop\non-skip: [t]\n", "wf.tasks.t.on-skip", "is not supported"),
    ("unknown task key", "action: std.noop\ncolour: red\n", "wf.tasks.t.colour", "unknown key 'colour'"),
    ("unknown target", "action: std.noop\non-success: [nowhere]\n", "wf.tasks.t.on-success[0]", "unknown task 'nowhere'"),
    ("unknown target string", "action: std.noop\non-error: nowhere\n", "wf.tasks.t.on-error", "unknown task 'nowhere'"),
    ("engine command fail", "action: std.noop\non-error: [fail]\n", "wf.tasks.t.on-error[0]", "engine command 'fail'"),
    ("engine command succeed", "action: std.noop\non-success: succeed\n", "wf.tasks.t.on-success", "engine command 'succeed'"),
    ("engine command pause", "action: std.noop\non-complete: [pause]\n", "wf.tasks.t.on-complete[0]", "engine command 'pause'"),
    ("engine command with parameters", "action: std.noop\non-error: 'fail msg=\"down\"'\n", "wf.tasks.t.on-error", "engine command 'fail'"),
    ("transition parameters", "action: std.noop\non-error: 'other x=1'\n", "wf.tasks.t.on-error", "transition parameters"),
    ("publish next form", "action: std.noop\non-success: {next: t, publish: {a: 1}}\n", "wf.tasks.t.on-success", "'publish'/'next' form"),
    ("condition not expression", "action: std.noop\non-success: [{t: true}]\n", "wf.tasks.t.on-success[0].t", "must be an expression"),
    ("transition two keys", "action: std.noop\non-success: [{a: <% 1 %>, b: <% 2 %>}]\n", "wf.tasks.t.on-success[0]", "task name or a mapping"),
    ("transition number", "action: std.noop\non-success: [3]\n", "wf.tasks.t.on-success[0]", "task name or a mapping"),
    ("transition twice", "action: std.noop\non-complete: [t, t]\n", "wf.tasks.t.on-complete[1]", "listed twice"),
    ("empty transitions", "action: std.noop\non-success: []\n", "wf.tasks.t.on-success", "task name, a mapping"),
    ("bad condition expression", "action: std.noop\non-success: [{t: '<% $.a + %>'}]\n", "wf.tasks.t.on-success[0].t", "invalid expression"),
    ("join any", "action: std.noop\njoin: any\n", "wf.tasks.t.join", "'all', 'one' or a positive integer"),
    ("join zero", "action: std.noop\njoin: 0\n", "wf.tasks.t.join", "'all', 'one' or a positive integer"),
    ("retry negative count", "action: std.noop\nretry: {count: -1, delay: 1}\n", "wf.tasks.t.retry.count", "non-negative integer or an expression"),
    ("retry text count", "action: std.noop\nretry: {count: many, delay: 1}\n", "wf.tasks.t.retry.count", "non-negative integer or an expression"),
    ("retry float delay", "action: std.noop\nretry: {count: 1, delay: 0.5}\n", "wf.tasks.t.retry.delay", "non-negative integer or an expression"),
    ("retry without delay", "action: std.noop\nretry: {count: 1}\n", "wf.tasks.t.retry", "missing required key 'delay'"),
    ("retry break on", "action: std.noop\nretry: {count: 1, delay: 1, break-on: <% true %>}\n", "wf.tasks.t.retry.break-on", "is not supported"),
    ("retry one line bad", "action: std.noop\nretry: count=3 delay\n", "wf.tasks.t.retry", "expected key=value"),
    ("retry one line negative", "action: std.noop\nretry: count=-3 delay=1\n", "wf.tasks.t.retry.count", "non-negative"),
    ("retry bad expression", "action: std.noop\nretry: {count: '<% $.n[ %>', delay: 1}\n", "wf.tasks.t.retry.count", "invalid expression"),
    ("with-items wrong word", "action: std.noop\nwith-items: x of <% $.xs %>\n", "wf.tasks.t.with-items", "must read 'name in <expression or list>'"),
    ("with-items plain text", "action: std.noop\nwith-items: x in $.xs\n", "wf.tasks.t.with-items", "after 'in' comes an expression"),
    ("with-items bad list", "action: std.noop\nwith-items: x in [1, 2\n", "wf.tasks.t.with-items", "not valid JSON"),
    ("with-items clause in list", "action: std.noop\nwith-items: ['x in [1]', 'y']\n", "wf.tasks.t.with-items[1]", "must read"),
    ("with-items same variable", "action: std.noop\nwith-items: ['x in [1]', 'x in [2]']\n", "wf.tasks.t.with-items[1]", "used twice"),
    ("with-items number", "action: std.noop\nwith-items: 3\n", "wf.tasks.t.with-items", "'name in <expression or list>' clause"),
    ("with-items bad expression", "action: std.noop\nwith-items: x in <% $.a[ %>\n", "wf.tasks.t.with-items", "invalid expression"),
    ("concurrency zero", "action: std.noop\nconcurrency: 0\n", "wf.tasks.t.concurrency", "positive integer or an expression"),
    ("concurrency text", "action: std.noop\nconcurrency: two\n", "wf.tasks.t.concurrency", "positive integer or an expression"),
    ("negative timeout", "action: std.noop\ntimeout: -1\n", "wf.tasks.t.timeout", "non-negative number of seconds"),
    ("wait before text", "action: std.noop\nwait-before: soon\n", "wf.tasks.t.wait-before", "non-negative number of seconds"),
    ("wait after negative", "action: std.noop\nwait-after: -2\n", "wf.tasks.t.wait-after", "non-negative number of seconds"),
    ("pause before text", "action: std.noop\npause-before: maybe\n", "wf.tasks.t.pause-before", "boolean or an expression"),
    ("empty publish", "action: std.noop\npublish: {}\n", "wf.tasks.t.publish", "must not be empty"),
    ("empty action", "action: ''\n", "wf.tasks.t.action", "must not be empty"),
]


@pytest.mark.parametrize(
    ("document", "path", "message"),
    [pytest.param(document, path, message, id=name) for name, document, path, message in DOCUMENT_REJECTIONS],
)
def test_document_rejected(document, path, message):
    error = rejection(document)

    assert error.path == path
    assert message in error.message


@pytest.mark.parametrize(
    ("body", "path", "message"),
    [pytest.param(body, path, message, id=name) for name, body, path, message in WORKFLOW_REJECTIONS],
)
def test_workflow_rejected(body, path, message):
    error = rejection(workflow_document(body))

    assert error.path == path
    assert message in error.message


@pytest.mark.parametrize(
    ("body", "path", "message"),
    [pytest.param(body, path, message, id=name) for name, body, path, message in TASK_REJECTIONS],
)
def test_task_rejected(body, path, message):
    error = rejection(task_document(body))

    assert error.path == path
    assert message in error.message


def test_error_message_names_the_path():
    error = rejection(task_document("action: std.noop\nretry: {count: -1, delay: 1}\n"))

    assert str(error).startswith("Invalid workflow definition at 'wf.tasks.t.retry.count': ")


def test_dsl_error_is_invalid_input():
    error = rejection("")

    assert isinstance(error, InvalidInputError)


def test_first_problem_in_document_order_is_reported():
    document = workflow_document(
        """
        tasks:
          first:
            action: std.noop
            retry: {count: -1, delay: 1}
          second:
            action: std.noop
            colour: red
        """
    )

    assert rejection(document).path == "wf.tasks.first.retry.count"


def test_reverse_reported_before_its_requires():
    document = workflow_document(
        """
        tasks:
          t: {action: std.noop, requires: [u]}
        type: reverse
        """
    )

    assert rejection(document).path == "wf.type"


def test_second_workflow_checked():
    document = (
        "version: '2.0'\n"
        "good: {tasks: {t: {action: std.noop}}}\n"
        "bad: {tasks: {t: {action: std.noop, on-success: [nowhere]}}}\n"
    )

    assert rejection(document).path == "bad.tasks.t.on-success[0]"


def test_alias_bomb_rejected():
    lines = ["version: '2.0'", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")

    error = rejection("\n".join(lines))

    assert error.path == ""
    assert "YAML aliases" in error.message


def test_shared_alias_accepted():
    document = (
        "version: '2.0'\n"
        "wf:\n"
        "  vars: {base: &base {a: 1}, copy: *base}\n"
        "  tasks: {t: {action: std.noop}}\n"
    )

    (workflow,) = parse_document(document)

    assert workflow.vars["copy"] == {"a": 1}


@pytest.mark.parametrize("name", ["fetch-data_v1.2", "ns:wf@2", "café", "a~b", "(x)+y"])
def test_names_valid_in_url_paths_are_accepted(name):
    document = f"version: '2.0'\n'{name}':\n  tasks:\n    '{name}': {{action: std.noop}}\n"

    (workflow,) = parse_document(document)

    assert workflow.name == name
    assert list(workflow.tasks) == [name]


def test_rejected_name_message_says_what_to_do():
    error = rejection("version: '2.0'\na/b: {tasks: {t: {action: std.noop}}}\n")

    assert str(error) == (
        "Invalid workflow definition at 'a/b': the workflow name contains '/', which cannot appear in one "
        "segment of a URL path. Rename the workflow without / ? # % \\, whitespace or control characters"
    )
