"""An env value that fails to evaluate at start is named by its key path, never shown or logged.

A generated password may happen to contain ``{{ ... }}`` or ``<% ... %>``.
The 400 names ``params.env.<path>`` and the kind of failure, and tells how to
keep the values as text; neither the answer nor any log line quotes the
value. Expressions that build oversized values are a 400 too, never a 500.
"""

import pytest

CANARY = "CANARYPW3-8b1f"

DOCUMENT = """
version: '2.0'
quick_wf:
  tasks:
    only:
      action: std.echo output=done
greedy_wf:
  tasks:
    grow:
      action: std.echo output=<% 'x' * 100000000 %>
"""


@pytest.fixture(scope="module")
def workflows(api):
    api.upload_workflow(DOCUMENT)


def start(api, env, **params):
    return api.post("/executions", {"workflow_name": "quick_wf", "params": {"env": env, **params}})


@pytest.mark.parametrize("env, path, kind", [
    ({"password": f"x{{{{ y }}}}-{CANARY}"}, "params.env.password", "undefined"),
    ({"db": {"password": f"<% int('{CANARY}') %>"}}, "params.env.db.password", "ValueError"),
    ({"hosts": ["ok", f"<% 1 / 0 %>{CANARY}"]}, "params.env.hosts[1]", "ZeroDivisionError"),
    ({"password": f"{{{{ {CANARY} ( }}}}"}, "params.env.password", "syntax error"),
])
def test_failed_env_expression_names_the_key_path(api, workflows, env, path, kind):
    response = start(api, env)
    message = response.json()["faultstring"]

    assert response.status_code == 400
    assert message.startswith(f"Invalid {path}: ")
    assert kind in message
    assert '"evaluate_env": false' in message
    assert CANARY not in message


def test_failed_env_expression_is_not_logged(api, workflows):
    start(api, {"password": f"a{{{{b}}}}c-{CANARY}"})

    assert CANARY not in api.log_text()
    assert "rejected with 400 (InvalidInputError" in api.log_text()


def test_evaluate_env_false_keeps_the_value(api, workflows):
    env = {"password": f"x{{{{ y }}}}-{CANARY}"}

    response = start(api, env, evaluate_env=False)

    assert response.status_code == 201
    assert api.env_of(response.json()["id"]) == env


@pytest.mark.parametrize("expression", [
    "<% 'x' * 100000000 %>",
    "{{ 'x' * 1000000000 }}",
    "{{ 'x'.ljust(1000000000) }}",
    "{% set a = 'x' * 900000 %}{% for i in range(1000) %}{{ a }}{% endfor %}",
])
def test_oversized_env_expression_is_400(api, workflows, expression):
    response = start(api, {"big": expression})
    message = response.json()["faultstring"]

    assert response.status_code == 400
    assert message.startswith("Invalid params.env.big: ")
    assert "limit" in message


def test_many_large_env_expressions_together_are_400(api, workflows):
    env = {f"k{index}": "<% 'x' * 900000 %>" for index in range(50)}

    response = start(api, env)

    assert response.status_code == 400
    assert "limit of 1048576 characters" in response.json()["faultstring"]


def test_oversized_task_expression_fails_the_task(api, workflows):
    execution = api.start_execution("greedy_wf")

    finished = api.wait_for_execution(execution["id"], "ERROR")
    task = api.task_named(execution["id"], "grow")

    assert task["state"] == "ERROR"
    assert "limit" in task["state_info"]
    assert len(finished["state_info"]) < 1000


def test_list_rejection_log_has_no_query_value(api, workflows):
    response = api.get(f"/executions?state={CANARY}")

    assert response.status_code == 400
    assert CANARY in response.json()["faultstring"]
    assert CANARY not in api.log_text()
