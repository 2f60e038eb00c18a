"""execution-create: WORKFLOW [INPUT] [PARAMS] and --env, as sent on the wire."""

import json

from support.recording_api import WORKFLOW_ID, execution_resource


def create(mistral, api, *arguments, stdin=b""):
    api.respond(201, execution_resource(state="RUNNING", updated_at=None))
    return mistral("execution-create", *arguments, stdin=stdin)


def test_workflow_name_only(mistral, api):
    result = create(mistral, api, "outage_wf")

    assert result.code == 0
    assert api.last_request.method == "POST"
    assert api.last_request.path == "/v2/executions"
    assert api.last_request.json() == {"description": "", "workflow_name": "outage_wf"}


def test_workflow_id(mistral, api):
    create(mistral, api, WORKFLOW_ID)

    assert api.last_request.json() == {"description": "", "workflow_id": WORKFLOW_ID}


def test_input_and_params_as_json_strings(mistral, api):
    create(mistral, api, "outage_wf", '{"retries": 3}', '{"env": {"token": "t"}}', "-d", "night run")

    assert api.last_request.json() == {
        "description": "night run",
        "workflow_name": "outage_wf",
        "input": '{"retries": 3}',
        "params": '{"env": {"token": "t"}}',
    }


def test_input_from_yaml_file(mistral, api, tmp_path):
    path = tmp_path / "input.yml"
    path.write_text("retries: 3\nhosts: [a, b]\n")

    create(mistral, api, "outage_wf", str(path))

    assert json.loads(api.last_request.json()["input"]) == {"retries": 3, "hosts": ["a", "b"]}


def test_params_naming_stored_environment(mistral, api):
    create(mistral, api, "outage_wf", "{}", '{"env": "prod"}')

    assert json.loads(api.last_request.json()["params"]) == {"env": "prod"}


def test_env_option_alone(mistral, api):
    create(mistral, api, "outage_wf", "--env", "token: t")

    assert json.loads(api.last_request.json()["params"]) == {"env": {"token": "t"}}


def test_env_option_deep_merged_into_params_env(mistral, api):
    params = '{"env": {"db": {"host": "a", "port": 1}, "keep": 1}, "evaluate_env": false}'

    create(mistral, api, "outage_wf", "{}", params, "-e", '{"db": {"host": "b"}, "token": "t"}')

    assert json.loads(api.last_request.json()["params"]) == {
        "env": {"db": {"host": "b", "port": 1}, "keep": 1, "token": "t"},
        "evaluate_env": False,
    }


def test_env_from_standard_input(mistral, api):
    create(mistral, api, "outage_wf", "--env", "-", stdin=b'{"token": "from-stdin"}')

    assert json.loads(api.last_request.json()["params"]) == {"env": {"token": "from-stdin"}}


def test_namespace(mistral, api):
    create(mistral, api, "outage_wf", "--namespace", "ops")

    assert api.last_request.json()["workflow_namespace"] == "ops"


def test_prints_new_execution(mistral, api):
    result = create(mistral, api, "outage_wf", "-f", "value", "-c", "State", "-c", "Updated at")

    assert result.stdout == "RUNNING\n<none>\n"


def test_env_into_stored_environment_name_rejected(mistral, api):
    result = mistral("execution-create", "outage_wf", "{}", '{"env": "prod"}', "--env", "a: 1")

    assert result.code == 1
    assert "stored environment" in result.stderr
    assert api.requests == []


def test_two_standard_inputs_rejected(mistral, api):
    result = mistral("execution-create", "outage_wf", "-", "--env", "-", stdin=b"{}")

    assert result.code == 1
    assert "Only one of INPUT, PARAMS and --env" in result.stderr
    assert api.requests == []


def test_input_that_is_a_list_rejected(mistral, api):
    result = mistral("execution-create", "outage_wf", "[1, 2]")

    assert result.code == 1
    assert "Invalid INPUT" in result.stderr
    assert api.requests == []


def test_params_with_implicit_typing_rejected(mistral, api):
    result = mistral("execution-create", "outage_wf", "{}", "env: {pin: 0123}")

    assert result.code == 1
    assert "Invalid PARAMS" in result.stderr
    assert "key 'env.pin'" in result.stderr
    assert api.requests == []


def test_missing_input_file_rejected(mistral, api):
    result = mistral("execution-create", "outage_wf", "inputs/missing.json")

    assert result.code == 1
    assert "file 'inputs/missing.json' not found" in result.stderr
    assert api.requests == []


def test_workflow_is_required(mistral, api):
    result = mistral("execution-create")

    assert result.code == 2
    assert "WORKFLOW" in result.stderr
