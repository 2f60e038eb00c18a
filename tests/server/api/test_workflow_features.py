"""The workflow language at run time: transitions, joins, publish, retry, with-items, waits, timeouts."""

import json

import pytest

DOCUMENT = """
version: '2.0'
conditions_wf:
  input: [level]
  tasks:
    check:
      action: std.echo output=<% $.level %>
      publish:
        level: <% task().result %>
      on-success:
        - high: <% $.level > 5 %>
        - low: <% $.level <= 5 %>
    high:
      action: std.echo output=high
    low:
      action: std.echo output=low
join_wf:
  tasks:
    left:
      action: std.echo output=L
      publish: {left: <% task().result %>}
      on-success: [joined]
    right:
      action: std.sleep seconds=0.2
      publish: {right: R}
      on-success: [joined]
    joined:
      join: all
      action: std.echo output="<% $.left %><% $.right %>"
  output:
    both: <% task(joined).result %>
error_handled_wf:
  tasks:
    broken:
      action: std.fail error_data="bad"
      on-error: [cleanup]
    cleanup:
      action: std.echo output=cleaned
  output:
    cleanup: <% task(cleanup).result %>
error_unhandled_wf:
  tasks:
    broken:
      action: std.fail
    never:
      action: std.noop
on_complete_wf:
  tasks:
    broken:
      action: std.fail
      on-complete: [always]
    always:
      action: std.echo output=ran
retry_wf:
  tasks:
    flaky:
      action: std.fail
      retry:
        count: 2
        delay: 1
items_wf:
  input:
    - names: [a, b, c, d]
  tasks:
    each:
      with-items: name in <% $.names %>
      concurrency: 2
      action: std.echo output="<% $.name %>!"
  output:
    results: <% task(each).result %>
empty_items_wf:
  tasks:
    each:
      with-items: x in []
      action: std.echo output=<% $.x %>
waits_wf:
  tasks:
    first:
      action: std.echo output=1
      wait-before: 1
      wait-after: 1
timeout_wf:
  tasks:
    slow:
      action: std.sleep seconds=20
      timeout: 1
vars_wf:
  vars:
    prefix: pre
  tasks:
    use:
      action: std.echo output="<% $.prefix %>-<% execution().name %>"
  output:
    value: <% task(use).result %>
bad_expression_wf:
  tasks:
    broken:
      action: std.echo output=<% $.missing.deeper %>
parent_wf:
  tasks:
    call:
      workflow: child_wf
      input:
        word: hi
      publish:
        answer: <% task().result.said %>
  output:
    answer: <% $.answer %>
child_wf:
  input: [word]
  tasks:
    say:
      action: std.echo output="<% $.word %> <% env().who %>"
  output:
    said: <% task(say).result %>
"""


@pytest.fixture(scope="module")
def workflows(api):
    api.upload_workflow(DOCUMENT)


def run(api, name, state="SUCCESS", **kwargs):
    execution = api.start_execution(name, **kwargs)
    return api.wait_for_execution(execution["id"], state, "SUCCESS", "ERROR")


def test_transition_conditions_pick_one_branch(api, workflows):
    execution = run(api, "conditions_wf", input={"level": 7})

    names = [task["name"] for task in api.tasks_of(execution["id"])]

    assert execution["state"] == "SUCCESS"
    assert "high" in names
    assert "low" not in names


def test_join_all_waits_for_both_branches(api, workflows):
    execution = run(api, "join_wf")

    assert execution["state"] == "SUCCESS"
    assert json.loads(execution["output"]) == {"both": "LR"}
    assert [task["name"] for task in api.tasks_of(execution["id"])].count("joined") == 1


def test_on_error_transition_handles_the_error(api, workflows):
    execution = run(api, "error_handled_wf")

    broken = api.task_named(execution["id"], "broken")

    assert execution["state"] == "SUCCESS"
    assert broken["state"] == "ERROR"
    assert json.loads(broken["result"]) == "bad"
    assert json.loads(execution["output"]) == {"cleanup": "cleaned"}


def test_unhandled_error_fails_the_execution(api, workflows):
    execution = run(api, "error_unhandled_wf")

    assert execution["state"] == "ERROR"
    assert "broken" in execution["state_info"]


def test_on_complete_runs_after_an_error(api, workflows):
    execution = run(api, "on_complete_wf")

    # As in Mistral, only on-error handles the error: the execution still fails.
    assert execution["state"] == "ERROR"
    assert api.task_named(execution["id"], "always")["state"] == "SUCCESS"


def test_retry_runs_the_action_again(api, workflows):
    execution = run(api, "retry_wf")
    task = api.task_named(execution["id"], "flaky")

    attempts = api.action_executions_of(task["id"])

    assert execution["state"] == "ERROR"
    assert len(attempts) == 3
    assert [attempt["accepted"] for attempt in attempts].count(True) == 1


def test_with_items_results_in_item_order(api, workflows):
    execution = run(api, "items_wf")
    task = api.task_named(execution["id"], "each")

    assert json.loads(execution["output"]) == {"results": ["a!", "b!", "c!", "d!"]}
    assert len(api.action_executions_of(task["id"])) == 4


def test_with_items_over_an_empty_list_succeeds(api, workflows):
    execution = run(api, "empty_items_wf")

    assert execution["state"] == "SUCCESS"
    assert json.loads(api.task_named(execution["id"], "each")["result"]) == []


def test_wait_before_and_wait_after(api, workflows):
    execution = api.start_execution("waits_wf")

    delayed = api.wait_for_task(execution["id"], "first", "DELAYED", "RUNNING", "SUCCESS")
    finished = api.wait_for_execution(execution["id"], "SUCCESS")

    assert delayed["state"] in ("DELAYED", "RUNNING")
    assert finished["state"] == "SUCCESS"


def test_timeout_fails_the_task(api, workflows):
    execution = run(api, "timeout_wf")
    task = api.task_named(execution["id"], "slow")

    assert execution["state"] == "ERROR"
    assert task["state"] == "ERROR"
    assert "timed out" in task["state_info"]


def test_vars_and_execution_function(api, workflows):
    execution = run(api, "vars_wf")

    assert json.loads(execution["output"]) == {"value": "pre-vars_wf"}


def test_expression_error_fails_the_task_naming_the_expression(api, workflows):
    execution = run(api, "bad_expression_wf", env={"secret": "do-not-show-this"})
    task = api.task_named(execution["id"], "broken")

    assert task["state"] == "ERROR"
    assert "$.missing.deeper" in task["state_info"]
    assert "do-not-show-this" not in task["state_info"]


def test_sub_workflow_reads_the_root_env(api, workflows):
    execution = run(api, "parent_wf", env={"who": "root-env"})
    call = api.task_named(execution["id"], "call")
    child = api.ok(api.get(f"/tasks/{call['id']}/executions"))["executions"][0]

    assert json.loads(execution["output"]) == {"answer": "hi root-env"}
    assert call["type"] == "WORKFLOW"
    assert child["task_execution_id"] == call["id"]
    assert child["root_execution_id"] == execution["id"]
    assert json.loads(child["params"])["env"] == {}


def test_sub_executions_of_an_execution(api, workflows):
    execution = run(api, "parent_wf", env={"who": "x"})

    listed = api.ok(api.get(f"/executions/{execution['id']}/executions"))["executions"]

    assert [item["workflow_name"] for item in listed] == ["parent_wf", "child_wf"]


def test_action_task_type(api, workflows):
    execution = run(api, "vars_wf")

    assert api.task_named(execution["id"], "use")["type"] == "ACTION"
