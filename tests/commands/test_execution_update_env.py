"""execution-update: every --env input form, and the exact request it sends."""

import json

import pytest
from support.recording_api import EXECUTION_ID, execution_resource

EXECUTION_PATH = f"/v2/executions/{EXECUTION_ID}"


def update(mistral, api, *options, stdin=b"", state="PAUSED"):
    api.respond(200, execution_resource(state=state))
    return mistral("execution-update", EXECUTION_ID, *options, stdin=stdin)


def test_json_text_sent_as_params_object(mistral, api):
    result = update(mistral, api, "--env", '{"token": "new", "retries": 2}')

    assert result.code == 0
    assert api.last_request.method == "PUT"
    assert api.last_request.path == EXECUTION_PATH
    assert api.last_request.json() == {"params": {"env": {"token": "new", "retries": 2}}}


def test_json_content_type(mistral, api):
    update(mistral, api, "-e", '{"a": 1}')

    assert api.last_request.headers["Content-Type"] == "application/json"


def test_yaml_text(mistral, api):
    update(mistral, api, "-e", "endpoint: http://new-host/v1\nhosts: [a, b]")

    assert api.last_request.json() == {
        "params": {"env": {"endpoint": "http://new-host/v1", "hosts": ["a", "b"]}}
    }


def test_json_file_named_yaml(mistral, api, tmp_path):
    path = tmp_path / "new-endpoint.yaml"
    path.write_text('{"endpoint": "http://new-host/v1"}')

    update(mistral, api, "--env", str(path))

    assert api.last_request.json() == {"params": {"env": {"endpoint": "http://new-host/v1"}}}


def test_yaml_file_named_json(mistral, api, tmp_path):
    path = tmp_path / "env.json"
    path.write_text("token: from-file\nnested:\n  depth: 2\n")

    update(mistral, api, "--env", str(path))

    assert api.last_request.json() == {"params": {"env": {"token": "from-file", "nested": {"depth": 2}}}}


def test_standard_input(mistral, api):
    update(mistral, api, "--env", "-", stdin=b'{"token": "from-stdin"}')

    assert api.last_request.json() == {"params": {"env": {"token": "from-stdin"}}}


def test_yaml_on_standard_input(mistral, api):
    update(mistral, api, "--env", "-", stdin=b"token: from-stdin\n")

    assert api.last_request.json() == {"params": {"env": {"token": "from-stdin"}}}


def test_resume_with_env(mistral, api):
    update(mistral, api, "-s", "RUNNING", "-e", '{"token": "new"}', state="RUNNING")

    assert api.last_request.json() == {"state": "RUNNING", "params": {"env": {"token": "new"}}}


def test_state_only(mistral, api):
    update(mistral, api, "--state", "PAUSED")

    assert api.last_request.json() == {"state": "PAUSED"}


def test_description_only(mistral, api):
    update(mistral, api, "-d", "retried after outage")

    assert api.last_request.json() == {"description": "retried after outage"}


def test_empty_mapping_not_sent(mistral, api):
    update(mistral, api, "-s", "RUNNING", "--env", "{}", state="RUNNING")

    assert api.last_request.json() == {"state": "RUNNING"}


def test_empty_yaml_flow_mapping_not_sent(mistral, api):
    update(mistral, api, "-s", "RUNNING", "--env", "{}", state="RUNNING")

    assert "params" not in api.last_request.json()


def test_one_request_only(mistral, api):
    update(mistral, api, "-e", '{"a": 1}')

    assert len(api.requests) == 1


def test_prints_execution_table_with_state(mistral, api):
    result = update(mistral, api, "-s", "RUNNING", "-e", '{"a": 1}', "-f", "value", "-c", "State", state="RUNNING")

    assert result.stdout == "RUNNING\n"


def test_env_values_not_on_stdout_or_stderr(mistral, api):
    result = update(mistral, api, "-e", '{"token": "zz-s3cr3t"}')

    assert "zz-s3cr3t" not in result.stdout
    assert "zz-s3cr3t" not in result.stderr


def test_unicode_env(mistral, api):
    update(mistral, api, "-e", '{"greeting": "héllo"}')

    assert api.last_request.json() == {"params": {"env": {"greeting": "héllo"}}}


@pytest.mark.parametrize("state", ["RUNNING", "PAUSED", "SUCCESS", "ERROR", "CANCELLED"])
def test_every_state_accepted(mistral_in_process, api, state):
    api.respond(200, execution_resource(state=state))

    result = mistral_in_process("execution-update", EXECUTION_ID, "-s", state)

    assert result.code == 0
    assert json.loads(api.last_request.body) == {"state": state}


def test_unknown_state_is_usage_error(mistral_in_process, api):
    result = mistral_in_process("execution-update", EXECUTION_ID, "-s", "IDLE")

    assert result.code == 2
    assert "invalid choice: 'IDLE'" in result.stderr
    assert api.requests == []


@pytest.mark.parametrize(
    "options",
    [[], ["-d", ""], ["--env", "{}"], ["-e", "# only a comment\n{}"], ["-d", "", "--env", "{}"]],
    ids=["nothing", "empty-description", "empty-env", "empty-env-yaml", "both-empty"],
)
def test_nothing_to_update_rejected_before_sending(mistral_in_process, api, options):
    result = mistral_in_process("execution-update", EXECUTION_ID, *options)

    assert result.code == 1
    assert result.stderr == (
        f"ERROR (app) Nothing to update for execution {EXECUTION_ID}: give -s STATE, a "
        "non-empty -d DESCRIPTION, or an --env that is not empty ({} changes nothing).\n"
    )
    assert api.requests == []


def test_state_with_empty_description_sends_state(mistral, api):
    update(mistral, api, "-s", "PAUSED", "-d", "")

    assert api.last_request.json() == {"state": "PAUSED"}


def test_env_read_before_nothing_check(mistral, api):
    result = mistral("execution-update", EXECUTION_ID, "--env", "[]")

    assert "Invalid --env" in result.stderr
    assert api.requests == []
