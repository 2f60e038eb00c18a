"""Request bodies are strict JSON: no NaN or Infinity, no repeated key, no deep nesting, no lone surrogate.

Each is a 400 whose message gives the reason, in the body itself and in the JSON
text of its fields (params, input, variables, a rerun's env), and a
rejected request changes nothing.
"""

import json

import pytest

from support.servers import database_snapshot

DOCUMENT = """
version: '2.0'
broken_wf:
  tasks:
    broken:
      action: std.fail
"""

CANARY = "canary-strict-json-5d1e"

NOT_JSON_NUMBERS = [
    pytest.param("NaN", "NaN", id="nan"),
    pytest.param("Infinity", "Infinity", id="infinity"),
    pytest.param("-Infinity", "-Infinity", id="minus-infinity"),
    pytest.param("1e400", "too large for a 64-bit floating-point value", id="overflowing-float"),
]


@pytest.fixture(scope="module")
def workflows(api):
    api.upload_workflow(DOCUMENT)


def start_failed(api):
    execution = api.start_execution("broken_wf", env={"token": CANARY})
    api.wait_for_execution(execution["id"], "ERROR")
    return execution


@pytest.fixture(scope="module")
def failed(api, workflows):
    """An execution in ERROR, whose env may be updated, and its failed task."""
    execution = start_failed(api)
    return execution, api.task_named(execution["id"], "broken")


def send(api, method, path, text):
    return api.request(method, path, data=text.encode("utf-8"), headers={"Content-Type": "application/json"})


def assert_rejected(response, *words, status=400):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["faultcode"] == "Client"
    for word in words:
        assert word in body["faultstring"]
    return body["faultstring"]


@pytest.mark.parametrize("token, words", NOT_JSON_NUMBERS)
def test_execution_update_with_non_json_number_is_400(api, failed, token, words):
    execution, _ = failed
    before = database_snapshot(api.db_path, execution["id"])

    response = send(api, "PUT", f"/executions/{execution['id']}", '{"params": {"env": {"n": %s}}}' % token)

    assert_rejected(response, "request body is not valid JSON", words)
    assert database_snapshot(api.db_path, execution["id"]) == before


@pytest.mark.parametrize("token, words", NOT_JSON_NUMBERS)
def test_params_text_with_non_json_number_is_400(api, failed, token, words):
    body = {"workflow_name": "broken_wf", "params": '{"env": {"n": %s}}' % token}

    response = api.post("/executions", body)

    assert_rejected(response, "Invalid params", "not valid JSON", words)


def test_environment_with_nan_in_variables_text_is_400(api):
    response = api.post("/environments", {"name": "nan-env", "variables": '{"limit": NaN}'})

    assert_rejected(response, "Invalid variables", "NaN")
    assert api.get("/environments/nan-env").status_code == 404


def test_rerun_with_infinity_in_env_text_is_400(api, failed):
    execution, task = failed
    body = {"id": task["id"], "state": "RUNNING", "reset": True, "env": '{"timeout": Infinity}'}

    response = api.put(f"/tasks/{task['id']}", body)

    assert_rejected(response, "Invalid env", "Infinity")
    assert api.task(task["id"])["state"] == "ERROR"


def test_unknown_task_with_bad_env_is_404(api):
    unknown = "00000000-0000-4000-8000-000000000000"
    body = {"id": unknown, "state": "RUNNING", "reset": True, "env": '{"a": NaN}'}

    assert api.put(f"/tasks/{unknown}", body).status_code == 404


def test_duplicate_top_level_key_is_400(api, failed):
    execution, _ = failed
    text = '{"params": {"env": {"a": 1}}, "params": {"env": {"b": 2}}}'

    response = send(api, "PUT", f"/executions/{execution['id']}", text)

    assert_rejected(response, "not valid JSON", "'params'", "more than once")
    assert api.env_of(execution["id"]) == {"token": CANARY}


def test_duplicate_env_key_is_400(api, failed):
    execution, _ = failed
    text = '{"params": {"env": {"token": "first", "token": "second"}}}'

    message = assert_rejected(send(api, "PUT", f"/executions/{execution['id']}", text), "'token'", "more than once")

    assert "second" not in message
    assert api.env_of(execution["id"]) == {"token": CANARY}


def test_duplicate_key_in_input_text_is_400(api, failed):
    body = {"workflow_name": "broken_wf", "input": '{"x": 1, "x": 2}'}

    assert_rejected(api.post("/executions", body), "Invalid input", "'x'", "more than once")


@pytest.mark.parametrize("depth", [990, 100_000])
def test_deeply_nested_body_is_400(api, failed, depth):
    execution, _ = failed
    text = '{"params": {"env": {"d": ' + "[" * depth + "]" * depth + "}}}"

    response = send(api, "PUT", f"/executions/{execution['id']}", text)

    assert_rejected(response, "not valid JSON", "nested deeper than 110 levels")


def test_env_nested_100_levels_is_accepted(api, workflows):
    execution = start_failed(api)
    # The env mapping is the first of its 100 levels, so the body nests 102 levels.
    nested = json.loads("[" * 99 + "]" * 99)

    response = api.put(f"/executions/{execution['id']}", {"params": {"env": {"deep": nested}}})

    assert response.status_code == 200, response.text
    assert api.env_of(execution["id"])["deep"] == nested


def test_deeply_nested_params_text_is_400(api, failed):
    params = '{"env": {"d": ' + "[" * 500 + "]" * 500 + "}}"

    response = api.post("/executions", {"workflow_name": "broken_wf", "params": params})

    assert_rejected(response, "Invalid params", "nested deeper than 110 levels")


def test_unterminated_deep_input_text_is_400(api, failed):
    response = api.post("/executions", {"workflow_name": "broken_wf", "input": "[" * 5000})

    assert_rejected(response, "Invalid input", "not valid JSON")


def test_deeply_nested_workflow_definition_is_400(api):
    nesting = "[" * 5000 + "]" * 5000
    definition = f"version: '2.0'\ndeep_wf:\n  tasks:\n    t:\n      action: std.echo\n      input:\n        output: {nesting}\n"

    response = api.request("POST", "/workflows", data=definition, headers={"Content-Type": "text/plain"})

    assert_rejected(response, "nested too deeply")


def test_lone_surrogate_is_400(api, failed):
    response = send(api, "POST", "/executions", '{"workflow_name": "broken_wf\\ud800"}')

    assert_rejected(response, "not valid JSON", "lone surrogate \\ud800")


def test_invalid_control_character_message_reads_once(api, failed):
    response = send(api, "POST", "/executions", '{"workflow_name": "a\tb"}')

    message = assert_rejected(response, "Invalid control character at line 1")
    assert "at at" not in message


def test_null_body_is_not_called_empty(api, failed):
    execution, _ = failed

    message = assert_rejected(send(api, "PUT", f"/executions/{execution['id']}", "null"), "received JSON null")

    assert "empty" not in message


@pytest.mark.parametrize("method, path, noun", [
    ("PUT", "/executions/{execution}", "execution"),
    ("POST", "/executions", "execution"),
    ("PUT", "/tasks/{task}", "task"),
    ("POST", "/environments", "environment"),
])
def test_empty_body_message_names_the_resource(api, failed, method, path, noun):
    execution, task = failed

    message = assert_rejected(send(api, method, path.format(execution=execution["id"], task=task["id"]), ""),
                              "The request body is empty")

    assert f"send the {noun} as a JSON object" in message


def test_unknown_attribute_message_names_the_resource(api, failed):
    execution, _ = failed

    response = api.put(f"/executions/{execution['id']}", {"zzz": 1})

    assert_rejected(response, "Unknown attribute of the execution: zzz")
