"""Messages about a text argument: the kind of value and a hint, never the text itself.

The text of --env, INPUT or PARAMS may be the secret itself (``--env
"$TOKEN"`` with the key forgotten), and stderr often ends up in CI logs.
Paths may be quoted, unless a value only looks like one.
"""

import pytest
from support.recording_api import EXECUTION_ID

from mistralclient_env.env_input import read_mapping
from mistralclient_env.exceptions import EnvInputError

TOKEN = "83cb8cf775923d56c6a84f32c3e1efa0"


def read_error(value, argument="--env"):
    with pytest.raises(EnvInputError) as caught:
        read_mapping(value, argument=argument)
    return str(caught.value)


@pytest.mark.parametrize(
    "text, kind",
    [
        (TOKEN, "a string"),
        ("Zm9vYmFyYmF6cXV4" * 3, "a string"),
        ("- CANARYR: 1", "a list"),
        ("[1, 2]", "a list"),
        ("12345678", "a number"),
        ("true", "a boolean"),
        ('"quoted token"', "a string"),
    ],
)
@pytest.mark.parametrize("argument", ["--env", "INPUT", "PARAMS"])
def test_kind_named_and_text_not_quoted(text, kind, argument):
    message = read_error(text, argument=argument)

    assert message.startswith(f"Invalid {argument}: the text given parses as {kind}, but a mapping")
    assert "write KEY: VALUE (YAML)" in message
    assert text not in message
    assert "CANARYR" not in message


def test_key_equals_value_hint():
    message = read_error(f"token={TOKEN}")

    assert "KEY=VALUE is not YAML" in message
    assert TOKEN not in message


@pytest.mark.parametrize("text", ["endpoint:http://x", "token:abc"])
def test_missing_space_after_colon_hint(text):
    message = read_error(text)

    assert "YAML needs a space after the colon that ends a key" in message
    assert "http://x" not in message
    assert "abc" not in message


def test_stored_environment_name_hint():
    message = read_error("prod")

    assert "If it names a stored environment, give it inside PARAMS" in message
    assert "on execution-create only" in message
    assert """'{"env": "NAME"}'""" in message
    assert "prod" not in message


def test_stored_environment_hint_only_for_env():
    assert "stored environment" not in read_error("prod", argument="PARAMS")


def test_mapping_text_still_accepted():
    assert read_mapping("endpoint: http://x", argument="--env") == {"endpoint": "http://x"}


# Values that look like paths -------------------------------------------------


@pytest.mark.parametrize("value", ["configs/new-endpoint.yaml", "env.json", "./env", "../env"])
def test_plain_path_quoted(value):
    assert f"file {value!r} not found" in read_error(value)


def test_path_in_existing_directory_quoted(tmp_path):
    missing = str(tmp_path / "envfile")

    assert f"file {missing!r} not found" in read_error(missing)


@pytest.mark.parametrize("value", ["ab/cd+ef==", "/x8Fqz0", "k3y/" + TOKEN])
def test_token_with_slash_not_quoted(value):
    message = read_error(value)

    assert "contains '/' like a path, but no such file exists" in message
    assert value not in message


# Through the command ---------------------------------------------------------


@pytest.mark.parametrize(
    "arguments",
    [
        ["execution-update", EXECUTION_ID, "--env", TOKEN],
        ["task-rerun", EXECUTION_ID, "--env", TOKEN],
        ["execution-create", "wf", TOKEN],
        ["execution-create", "wf", "{}", TOKEN],
        ["execution-create", "wf", "--env", TOKEN],
    ],
    ids=["update", "rerun", "input", "params", "create-env"],
)
def test_token_never_on_stderr(mistral, api, arguments):
    result = mistral(*arguments)

    assert result.code == 1
    assert "parses as a string" in result.stderr
    assert TOKEN not in result.stderr
    assert api.requests == []
