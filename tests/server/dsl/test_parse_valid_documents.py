"""Documents the parser accepts, and the WorkflowSpec it builds from them."""

import textwrap

import pytest

from mistralclient_env.server.dsl import input_string, parse_document, workflow_interface
from mistralclient_env.server.dsl.spec import InputParam, RetryPolicy, Transition, WithItems

OUTAGE_DOCUMENT = """
---
version: '2.0'
outage_wf:
  type: direct
  description: Fetch the status and report it.
  tags: [outage, demo]
  input:
    - url
    - retries: 3
  vars: {attempt: 0}
  output:
    status: <% $.status %>
  tasks:
    fetch:
      description: Ask the endpoint.
      tags: [http]
      action: std.http
      input:
        url: <% env().endpoint %>
        headers: {Token: "{{ env().token }}"}
      publish:
        status: <% task().result.status %>
      retry: {count: 2, delay: 1}
      timeout: 30
      wait-before: 0.5
      wait-after: 1
      on-success:
        - report
        - fan_out: <% $.status = 200 %>
      on-error: [child]
      on-complete: audit
    report:
      action: std.echo output=<% $.status %>
      pause-before: true
    fan_out:
      with-items: host in <% env().hosts %>
      concurrency: 2
      action: std.http url=<% $.host %>
    child:
      workflow: child_wf token=<% env().token %>
      input: {reason: outage}
    audit:
      action: std.noop
      join: all
child_wf:
  input: [token, reason]
  tasks:
    notify:
      action: std.echo
      input:
        output: "{{ _.reason }}"
"""


def parse_one(body):
    """Parse a document with one workflow ``wf`` whose body is ``body``."""
    text = "version: '2.0'\nwf:\n" + textwrap.indent(textwrap.dedent(body), "  ")
    (workflow,) = parse_document(text)
    return workflow


@pytest.fixture(scope="module")
def outage():
    return parse_document(OUTAGE_DOCUMENT)


def test_document_workflows_in_order(outage):
    assert [workflow.name for workflow in outage] == ["outage_wf", "child_wf"]


def test_workflow_fields(outage):
    workflow = outage[0]

    assert workflow.type == "direct"
    assert workflow.description == "Fetch the status and report it."
    assert workflow.tags == ("outage", "demo")
    assert workflow.input == (InputParam("url"), InputParam("retries", 3))
    assert workflow.vars == {"attempt": 0}
    assert workflow.output == {"status": "<% $.status %>"}
    assert list(workflow.tasks) == ["fetch", "report", "fan_out", "child", "audit"]


def test_input_without_default_is_required(outage):
    url, retries = outage[0].input

    assert url.required
    assert not retries.required


def test_action_task_fields(outage):
    fetch = outage[0].tasks["fetch"]

    assert fetch.action == "std.http"
    assert fetch.workflow is None
    assert fetch.description == "Ask the endpoint."
    assert fetch.tags == ("http",)
    assert fetch.input == {"url": "<% env().endpoint %>", "headers": {"Token": "{{ env().token }}"}}
    assert fetch.publish == {"status": "<% task().result.status %>"}
    assert fetch.retry == RetryPolicy(count=2, delay=1)
    assert fetch.timeout == 30
    assert fetch.wait_before == 0.5
    assert fetch.wait_after == 1


def test_transitions_with_and_without_condition(outage):
    fetch = outage[0].tasks["fetch"]

    assert fetch.on_success == (
        Transition("report"),
        Transition("fan_out", "<% $.status = 200 %>"),
    )
    assert fetch.on_error == (Transition("child"),)
    assert fetch.on_complete == (Transition("audit"),)


def test_inline_parameters_become_input(outage):
    report = outage[0].tasks["report"]

    assert report.action == "std.echo"
    assert report.input == {"output": "<% $.status %>"}
    assert report.pause_before is True


def test_with_items_and_concurrency(outage):
    fan_out = outage[0].tasks["fan_out"]

    assert fan_out.with_items == WithItems(variables=(("host", "<% env().hosts %>"),))
    assert fan_out.concurrency == 2
    assert fan_out.input == {"url": "<% $.host %>"}


def test_subworkflow_task_merges_inline_and_input(outage):
    child = outage[0].tasks["child"]

    assert child.workflow == "child_wf"
    assert child.action is None
    assert child.input == {"reason": "outage", "token": "<% env().token %>"}


def test_join_all(outage):
    assert outage[0].tasks["audit"].join == "all"


def test_defaults_of_absent_keys(outage):
    report = outage[0].tasks["report"]

    assert report.publish == {}
    assert report.retry is None
    assert report.with_items is None
    assert report.join is None
    assert report.concurrency is None
    assert report.wait_before == 0
    assert report.wait_after == 0
    assert report.timeout is None
    assert report.on_success == ()


def test_start_tasks_have_no_inbound_transition(outage):
    assert [task.name for task in outage[0].start_tasks()] == ["fetch"]


def test_workflow_interface(outage):
    assert workflow_interface(outage[0]) == {
        "input": ["url", {"retries": 3}],
        "output": ["status"],
    }


def test_workflow_interface_without_output(outage):
    assert workflow_interface(outage[1]) == {"input": ["token", "reason"], "output": []}


def test_input_string_quotes_defaults():
    workflow = parse_one(
        """
        input: [url, {retries: 3}, {token: null}, {hosts: [a, b]}]
        tasks:
          t: {action: std.noop}
        """
    )

    assert input_string(workflow) == "url, retries=\"3\", token=\"None\", hosts=\"['a', 'b']\""


def test_input_string_without_input():
    workflow = parse_one("tasks:\n  t: {action: std.noop}\n")

    assert input_string(workflow) == ""


def test_inline_parameters_win_over_input():
    task = parse_one(
        """
        tasks:
          t:
            action: 'std.http url=http://inline method=POST headers={"A": "inline"}'
            input:
              url: http://input
              timeout: 5
              headers: {A: input, B: input}
        """
    ).tasks["t"]

    assert task.input == {
        "url": "http://inline",
        "timeout": 5,
        "method": "POST",
        "headers": {"A": "inline", "B": "input"},
    }


def test_task_without_action_runs_noop():
    workflow = parse_one("tasks:\n  route:\n    on-success: [done]\n  done: {action: std.noop}\n")

    assert workflow.tasks["route"].action == "std.noop"
    assert workflow.tasks["route"].input == {}


def test_retry_one_line_form():
    task = parse_one(
        """
        tasks:
          t:
            action: std.noop
            retry: count=3 delay=<% $.pause %>
        """
    ).tasks["t"]

    assert task.retry == RetryPolicy(count=3, delay="<% $.pause %>")


@pytest.mark.parametrize(("join", "expected"), [("all", "all"), ("one", 1), (2, 2)])
def test_join_forms(join, expected):
    workflow = parse_one(
        f"""
        tasks:
          a: {{action: std.noop, on-success: [c]}}
          b: {{action: std.noop, on-success: [c]}}
          c: {{action: std.noop, join: {join}}}
        """
    )

    assert workflow.tasks["c"].join == expected


def test_with_items_list_and_several_clauses():
    task = parse_one(
        """
        tasks:
          t:
            action: std.echo output=<% $.x %>
            with-items:
              - x in [1, 2]
              - y in <% $.names %>
        """
    ).tasks["t"]

    assert task.with_items == WithItems(variables=(("x", [1, 2]), ("y", "<% $.names %>")))


def test_expressions_in_policies():
    task = parse_one(
        """
        tasks:
          t:
            action: std.noop
            with-items: x in {{ _.items }}
            concurrency: <% $.width %>
            pause-before: <% $.careful %>
            timeout: <% $.limit %>
        """
    ).tasks["t"]

    assert task.concurrency == "<% $.width %>"
    assert task.pause_before == "<% $.careful %>"
    assert task.timeout == "<% $.limit %>"


def test_condition_on_task_named_next():
    task = parse_one(
        """
        tasks:
          t:
            action: std.noop
            on-success: {next: <% $.go %>}
          next: {action: std.noop}
        """
    ).tasks["t"]

    assert task.on_success == (Transition("next", "<% $.go %>"),)


def test_transition_loop_back_is_allowed():
    workflow = parse_one(
        """
        tasks:
          start: {action: std.noop, on-success: [poll]}
          poll:
            action: std.noop
            on-success:
              - poll: <% $.again %>
        """
    )

    assert workflow.tasks["poll"].on_success == (Transition("poll", "<% $.again %>"),)


@pytest.mark.parametrize("version", ["'2.0'", "2.0", "2"])
def test_version_forms(version):
    (workflow,) = parse_document(f"version: {version}\nwf:\n  tasks:\n    t: {{action: std.noop}}\n")

    assert workflow.name == "wf"


def test_dates_stay_strings():
    workflow = parse_one(
        """
        vars: {since: 2024-05-01}
        tasks:
          t: {action: std.noop}
        """
    )

    assert workflow.vars == {"since": "2024-05-01"}


def test_yaml_merge_keys_are_allowed():
    workflow = parse_one(
        """
        vars:
          base: &base {a: 1, b: 2}
          derived:
            <<: *base
            b: 3
        tasks:
          t: {action: std.noop}
        """
    )

    assert workflow.vars["derived"] == {"a": 1, "b": 3}


def test_every_std_action_is_accepted():
    workflow = parse_one(
        """
        tasks:
          noop: {action: std.noop}
          echo: {action: std.echo output=1 delay=0}
          fail: {action: std.fail error_data=boom}
          sleep: {action: std.sleep seconds=1}
          http:
            action: std.http
            input:
              url: http://127.0.0.1/
              method: PUT
              params: {q: 1}
              body: text
              headers: {A: b}
              cookies: {c: d}
              auth: user:password
              timeout: 3
              allow_redirects: false
              proxies: {}
              verify: false
        """
    )

    assert [task.action for task in workflow.tasks.values()] == [
        "std.noop", "std.echo", "std.fail", "std.sleep", "std.http",
    ]
