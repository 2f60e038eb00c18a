"""Values the reader rejects after parsing: depth, numbers, characters, encoded size.

Each rejection names the input and the key path, never the value. What
passes can be encoded, masked for --debug and printed without reaching
Python's recursion limit.
"""

import json

import pytest
from support.recording_api import EXECUTION_ID, execution_resource

from mistralclient_env.env_input import read_env, read_environment_file, read_mapping
from mistralclient_env.env_values import MAX_ENCODED_BYTES, MAX_NESTING_DEPTH
from mistralclient_env.exceptions import EnvInputError


def read_error(value, argument="--env"):
    with pytest.raises(EnvInputError) as caught:
        read_mapping(value, argument=argument)
    return str(caught.value)


def nested_json(levels):
    """Return a JSON mapping ``{"d": [[...]]}`` of ``levels`` containers in all."""
    return '{"d": ' + "[" * (levels - 1) + "]" * (levels - 1) + "}"


def nested_yaml(levels):
    return "d: " + "[" * (levels - 1) + "]" * (levels - 1) + "\n"


# Nesting depth ---------------------------------------------------------------


@pytest.mark.parametrize("make_text", [nested_json, nested_yaml], ids=["json", "yaml"])
def test_deepest_accepted_nesting(make_text):
    document = read_env(make_text(MAX_NESTING_DEPTH))

    assert list(document) == ["d"]


@pytest.mark.parametrize("levels", [MAX_NESTING_DEPTH + 1, 500, 990, 5000, 100000])
@pytest.mark.parametrize("make_text", [nested_json, nested_yaml], ids=["json", "yaml"])
def test_deeper_nesting_rejected_with_input_named(make_text, levels):
    message = read_error(make_text(levels))

    assert message == (
        "Invalid --env: the text given is nested too deeply: more than 100 levels of "
        "mappings and lists."
    )


def test_deep_file_named(tmp_path):
    path = tmp_path / "deep500.json"
    path.write_text(nested_json(500))

    assert f"file {str(path)!r} is nested too deeply" in read_error(str(path))


def test_depth_through_yaml_aliases_counted_expanded():
    inner = "[" * 60 + "]" * 60
    text = f"a: &deep {inner}\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*deep]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"

    assert "nested too deeply" in read_error(text)


def test_deepest_env_sent_masked_and_printed(mistral, api, tmp_path):
    path = tmp_path / "deep100.json"
    path.write_text(nested_json(MAX_NESTING_DEPTH))
    document = json.loads(nested_json(MAX_NESTING_DEPTH))
    api.respond(200, execution_resource(params={"env": document}))
    api.respond(200, execution_resource(params={"env": document}))

    updated = mistral("--debug", "execution-update", EXECUTION_ID, "--env", str(path))
    shown = mistral("execution-get-env", EXECUTION_ID, "-f", "yaml")

    assert updated.code == 0
    assert "Traceback" not in updated.stderr
    assert api.requests[0].json() == {"params": {"env": document}}
    assert shown.code == 0
    assert shown.stdout.startswith("d:\n")


# Numbers JSON has no form for ------------------------------------------------


@pytest.mark.parametrize(
    "text, key",
    [
        ('{"big": 1e400}', "'big'"),
        ('{"small": -1e400}', "'small'"),
        ('{"a": {"b": [1, 2e999]}}', "'a.b[1]'"),
        ('{"a": Infinity}', "'a'"),
        ('{"a": -Infinity}', "'a'"),
        ("a: !!float 1e400", "'a'"),
    ],
)
def test_infinite_number_rejected_with_key(text, key):
    message = read_error(text)

    assert f"the value of key {key}" in message
    assert "infinite" in message or "infinity" in message
    assert "not a JSON number" in message


@pytest.mark.parametrize("text", ['{"a": NaN}', "a: !!float .nan", "a: .NaN"])
def test_nan_rejected_with_key(text):
    message = read_error(text)

    assert "the value of key 'a'" in message
    assert "NaN, which is not a JSON number" in message


@pytest.mark.parametrize("text", ["ratio: .inf", "ratio: -.Inf", "ratio: 1.0e+400"])
def test_yaml_infinity_rejected_with_position(text):
    message = read_error(text)

    assert "the value of key 'ratio' is read by YAML as infinity" in message
    assert "line 1, column 8" in message


def test_large_finite_float_kept():
    assert read_env('{"a": 1e308}') == {"a": 1e308}


@pytest.mark.parametrize("text", ['{"n": ' + "7" * 5000 + "}", "n: " + "7" * 5000])
def test_integer_too_long_to_read_rejected(text):
    message = read_error(text)

    assert "the value of key 'n'" in message
    assert "4300" in message
    assert "7777" not in message


def test_long_integer_within_limit_kept():
    assert read_env('{"n": ' + "7" * 4300 + "}") == {"n": int("7" * 4300)}


@pytest.mark.parametrize(
    "text, kind",
    [
        ("a: !!int abc", "!!int but cannot be read as an integer"),
        ("a: !!float zz", "!!float but cannot be read as a number"),
        ("a: !!float 0x1F", "!!float but cannot be read as a number"),
        ("a: !!bool maybe", "!!bool but cannot be read as a boolean"),
        ('a: !!int "x1"', "!!int but cannot be read as an integer"),
    ],
)
def test_tagged_value_that_cannot_be_built_rejected(text, kind):
    message = read_error(text)

    assert f"the value of key 'a' is tagged {kind}" in message
    assert "line 1, column 4" in message


# Characters ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        ('{"a": "x\\u0000y"}', "U+0000"),
        ('{"a": "\\u001b[31m"}', "U+001B"),
        ('{"a": "\\u007f"}', "U+007F"),
        ('{"a": "\\u0085"}', "U+0085"),
        ('a: "x\\0y"', "U+0000"),
        ('a: "\\e"', "U+001B"),
    ],
)
def test_escaped_control_character_rejected_with_key(text, code):
    message = read_error(text)

    assert f"the value of key 'a' in the text given contains the control character {code}" in message


def test_control_character_in_key_rejected():
    message = read_error('{"a\\u0001": 1}')

    assert "the key 'a\\x01' in the text given contains the control character U+0001" in message


@pytest.mark.parametrize("text", ['{"a": "\\ud800"}', '{"a": ["ok", "x\\udfff"]}'])
def test_lone_surrogate_rejected_with_key(text):
    message = read_error(text)

    assert "contains the lone surrogate" in message
    assert "cannot be encoded as UTF-8" in message


def test_surrogate_pair_kept():
    assert read_env('{"a": "\\ud83d\\ude00"}') == {"a": "\U0001F600"}


@pytest.mark.parametrize(
    "text",
    ['{"a": "line\\nnext\\tcolumn\\r"}', "a: |\n  line\n  next\n", 'a: "tab\\there"'],
)
def test_tab_line_feed_and_carriage_return_kept(text):
    assert read_env(text)["a"]


@pytest.mark.parametrize(
    "content, code, line, column",
    [
        (b"a: x\x00y\n", "U+0000", 1, 5),
        (b"a: 1\nb: x\x07\n", "U+0007", 2, 5),
        (b"a: 1\r\nb: x\x7f\n", "U+007F", 2, 5),
    ],
)
def test_raw_control_character_in_yaml_file(tmp_path, content, code, line, column):
    path = tmp_path / "nul.yaml"
    path.write_bytes(content)

    message = read_error(str(path))

    assert message.startswith(f"Invalid --env: file {str(path)!r} contains the control character {code}")
    assert f"at line {line}, column {column}" in message
    assert "\n" not in message


def test_yaml_forbidden_character_named():
    message = read_error("a: x\ufffe")

    assert "contains the character U+FFFE at line 1, column 5" in message


def test_environ_style_file_rejected(tmp_path):
    path = tmp_path / "environ"
    path.write_bytes(b"HOME=/root\x00PATH=/bin\x00")

    message = read_error(str(path))

    assert "contains the control character U+0000 at line 1, column 11" in message
    assert "/root" not in message


def test_control_character_in_environment_file_variables(tmp_path):
    path = tmp_path / "prod.json"
    path.write_text('{"name": "prod", "variables": "{\\"token\\": \\"a\\\\u0000\\"}"}')

    with pytest.raises(EnvInputError) as caught:
        read_environment_file(str(path))

    assert "the value of key 'token' in 'variables' contains the control character" in str(caught.value)


def test_environment_file_variables_with_nan_rejected(tmp_path):
    path = tmp_path / "prod.json"
    path.write_text('{"name": "prod", "variables": "{\\"a\\": NaN}"}')

    with pytest.raises(EnvInputError, match="is NaN"):
        read_environment_file(str(path))


# Encoded size ----------------------------------------------------------------


def test_yaml_alias_expansion_rejected():
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for index in range(1, 9):
        name, previous = chr(ord("a") + index), chr(ord("a") + index - 1)
        levels.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")

    message = read_error("\n".join(levels))

    assert "takes more than 1 MiB (1048576 bytes) once encoded as JSON" in message


def test_value_encoding_to_the_limit_accepted():
    filler = MAX_ENCODED_BYTES - len(json.dumps({"a": ""}))

    assert read_env("a: " + "x" * filler) == {"a": "x" * filler}


def test_value_encoding_one_byte_over_rejected():
    # The YAML text is shorter than its JSON encoding, so only the second is over.
    filler = MAX_ENCODED_BYTES - len(json.dumps({"a": ""})) + 1

    message = read_error("a: " + "x" * filler)

    assert "once encoded as JSON" in message


def test_escaped_characters_counted_as_sent():
    # Each é is 2 bytes of UTF-8 but 6 bytes (\u00e9) in the request body.
    document = {"a": "é" * (MAX_ENCODED_BYTES // 6)}

    message = read_error(json.dumps(document, ensure_ascii=False))

    assert "once encoded as JSON" in message


@pytest.mark.parametrize("argument", ["INPUT", "PARAMS"])
def test_other_arguments_checked_too(argument):
    message = read_error('{"a": 1e400}', argument=argument)

    assert message.startswith(f"Invalid {argument}: the value of key 'a'")
