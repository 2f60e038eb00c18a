"""Every --env error: exit 1, a clear message on stderr, no traceback, no request."""

import pytest
from support.recording_api import EXECUTION_ID, TASK_ID


@pytest.fixture(params=["execution-update", "task-rerun"])
def command(request):
    identifier = EXECUTION_ID if request.param == "execution-update" else TASK_ID
    return [request.param, identifier]


def assert_rejected(result, api, *fragments):
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("ERROR (app) Invalid --env: ")
    for fragment in fragments:
        assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert api.requests == []


def test_empty_string(mistral, api, command):
    result = mistral(*command, "--env", "")

    assert_rejected(result, api, "empty", "unset shell variable")


def test_missing_file(mistral, api, command, tmp_path):
    missing = str(tmp_path / "new-endpoint.yaml")

    result = mistral(*command, "--env", missing)

    assert_rejected(result, api, f"file {missing!r} not found")


def test_missing_relative_file(mistral, api, command):
    result = mistral(*command, "--env", "new-endpoint.yaml")

    assert_rejected(result, api, "file 'new-endpoint.yaml' not found")


def test_directory(mistral, api, command, tmp_path):
    result = mistral(*command, "--env", str(tmp_path))

    assert_rejected(result, api, "is a directory")


def test_non_utf8_file(mistral, api, command, tmp_path):
    path = tmp_path / "env.yaml"
    path.write_bytes(b"\xff\xfe\x00")

    result = mistral(*command, "--env", str(path))

    assert_rejected(result, api, "not UTF-8")


def test_invalid_json_with_position(mistral, api, command):
    # A missing colon: every Python from 3.10 to 3.13 reports the same position.
    result = mistral(*command, "--env", '{"token" "t"}')

    assert_rejected(result, api, "invalid JSON", "line 1, column 10")


def test_invalid_yaml_with_position(mistral, api, command, tmp_path):
    path = tmp_path / "env.yaml"
    path.write_text("token: t\nendpoint: [a, b\n")

    result = mistral(*command, "--env", str(path))

    assert_rejected(result, api, "invalid YAML", f"file {str(path)!r}", "line 3")


def test_list(mistral, api, command):
    result = mistral(*command, "--env", '["a"]')

    assert_rejected(result, api, "parses as a list")


def test_scalar(mistral, api, command):
    result = mistral(*command, "--env", "token=new")

    assert_rejected(result, api, "the text given parses as a string", "write KEY: VALUE")
    assert "token=new" not in result.stderr


def test_bare_token_not_echoed(mistral, api, command):
    token = "83cb8cf775923d56c6a84f32c3e1efa0"

    result = mistral(*command, "--env", token)

    assert_rejected(result, api, "the text given parses as a string", "write KEY: VALUE")
    assert token not in result.stderr


def test_empty_standard_input(mistral, api, command):
    result = mistral(*command, "--env", "-", stdin=b"")

    assert_rejected(result, api, "standard input is empty")


def test_leading_zero(mistral, api, command):
    result = mistral(*command, "--env", "token: 0123")

    assert_rejected(result, api, "key 'token'", "integer", "quote the value")


def test_yaml_boolean_word(mistral, api, command):
    result = mistral(*command, "--env", "verify_tls: off")

    assert_rejected(result, api, "key 'verify_tls'", "boolean")


def test_trailing_zero(mistral, api, command):
    result = mistral(*command, "--env", "api_version: 1.10")

    assert_rejected(result, api, "key 'api_version'", "number")


def test_comment_inside_value(mistral, api, command):
    result = mistral(*command, "--env", "password: p@ss #2")

    assert_rejected(result, api, "key 'password'", "comment")


def test_deep_key_in_file_named(mistral, api, command, tmp_path):
    path = tmp_path / "env.yaml"
    path.write_text("db:\n  replicas:\n    - host: a\n      port: 05432\n")

    result = mistral(*command, "--env", str(path))

    assert_rejected(result, api, "key 'db.replicas[0].port'", "line 4")


def test_file_content_not_echoed(mistral, api, command, tmp_path):
    path = tmp_path / "env.yaml"
    path.write_text("token: zz-s3cr3t #1\n")

    result = mistral(*command, "--env", str(path))

    assert_rejected(result, api, "comment")
    assert "zz-s3cr3t" not in result.stderr


def test_traceback_with_debug(mistral_in_process, api):
    result = mistral_in_process("--debug", "task-rerun", TASK_ID, "--env", "[]")

    assert result.code == 1
    assert "Traceback" in result.stderr
    assert api.requests == []
