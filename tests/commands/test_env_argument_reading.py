"""The --env reader: every input form, every rejection, and YAML implicit typing."""

import io

import pytest

from mistralclient_env import env_input
from mistralclient_env.env_input import read_env, read_environment_file, read_mapping
from mistralclient_env.exceptions import EnvInputError, InputError


def read_error(value, stdin=None):
    with pytest.raises(EnvInputError) as caught:
        read_env(value, stdin=stdin)
    return str(caught.value)


class BinaryStdin:
    """A stand-in for sys.stdin with the .buffer of raw bytes it has."""

    def __init__(self, data):
        self.buffer = io.BytesIO(data)


# Input forms -----------------------------------------------------------------


def test_option_not_given_reads_as_empty_mapping():
    assert read_env(None) == {}


def test_json_text():
    assert read_env('{"token": "new", "port": 8443}') == {"token": "new", "port": 8443}


def test_json_text_with_leading_whitespace():
    assert read_env('  \n {"a": [1, 2.5, null, true]}') == {"a": [1, 2.5, None, True]}


def test_yaml_text():
    assert read_env("endpoint: http://new-host/v1\ntoken: abc") == {
        "endpoint": "http://new-host/v1",
        "token": "abc",
    }


def test_yaml_flow_value_that_is_not_json():
    assert read_env("a: {b: [x, 'y']}") == {"a": {"b": ["x", "y"]}}


def test_empty_json_mapping_reads_as_empty():
    assert read_env("{}") == {}


def test_json_file_with_yaml_extension(tmp_path):
    path = tmp_path / "env.yaml"
    path.write_text('{"token": "from-file"}')

    assert read_env(str(path)) == {"token": "from-file"}


def test_yaml_file_with_json_extension(tmp_path):
    path = tmp_path / "env.json"
    path.write_text("token: from-file\nnested:\n  depth: 2\n")

    assert read_env(str(path)) == {"token": "from-file", "nested": {"depth": 2}}


def test_file_without_extension_in_current_directory(tmp_path, monkeypatch):
    (tmp_path / "envfile").write_text("token: plain-name")
    monkeypatch.chdir(tmp_path)

    assert read_env("envfile") == {"token": "plain-name"}


def test_file_with_utf8_bom(tmp_path):
    path = tmp_path / "env.json"
    path.write_bytes(b'\xef\xbb\xbf{"key": "caf\xc3\xa9"}')

    assert read_env(str(path)) == {"key": "café"}


def test_dash_reads_standard_input_bytes():
    stdin = BinaryStdin(b"token: from-stdin\n")

    assert read_env("-", stdin=stdin) == {"token": "from-stdin"}


def test_dash_reads_text_stream():
    assert read_env("-", stdin=io.StringIO('{"token": "t"}')) == {"token": "t"}


class TerminalStdin(io.StringIO):
    def isatty(self):
        return True


def test_stdin_terminal_gets_a_prompt(capsys):
    assert read_env("-", stdin=TerminalStdin("token: t\n")) == {"token": "t"}

    assert "end it with Ctrl-D" in capsys.readouterr().err


def test_stdin_pipe_gets_no_prompt(capsys):
    assert read_env("-", stdin=io.StringIO("token: t\n")) == {"token": "t"}

    assert capsys.readouterr().err == ""


def test_yaml_anchor_alias_and_merge_key():
    text = "base: &b {host: h, port: 1}\ncopy: *b\nother:\n  <<: *b\n  port: 2\n"

    assert read_env(text) == {
        "base": {"host": "h", "port": 1},
        "copy": {"host": "h", "port": 1},
        "other": {"host": "h", "port": 2},
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("count: 10", {"count": 10}),
        ("count: -3", {"count": -3}),
        ("count: 0", {"count": 0}),
        ("ratio: 1.5", {"ratio": 1.5}),
        ("flag: true", {"flag": True}),
        ("flag: False", {"flag": False}),
        ("nothing: null", {"nothing": None}),
        ("nothing: ~", {"nothing": None}),
        ("nothing:", {"nothing": None}),
        ("nothing: # a comment after an empty value", {"nothing": None}),
        ('token: "0123"', {"token": "0123"}),
        ("token: '0123'", {"token": "0123"}),
        ("token: !!str 0123", {"token": "0123"}),
        ("verify_tls: 'off'", {"verify_tls": "off"}),
        ('password: "p@ss #2"', {"password": "p@ss #2"}),
        ("password: p@ss#2", {"password": "p@ss#2"}),
        ("url: http://x/#/path", {"url": "http://x/#/path"}),
        ("text: |\n  line # kept\n", {"text": "line # kept\n"}),
        ("# comment line\ntoken: t", {"token": "t"}),
        ('version: "1e5"', {"version": "1e5"}),
        ('code: "0800"', {"code": "0800"}),
    ],
)
def test_yaml_values_kept_as_typed(text, expected):
    assert read_env(text) == expected


# Rejected arguments ----------------------------------------------------------


def test_empty_string_rejected():
    message = read_error("")

    assert "--env" in message
    assert "empty" in message
    assert "unset shell variable" in message


def test_missing_path_reported_as_file_not_found():
    message = read_error("configs/new-endpoint.yaml")

    assert "file 'configs/new-endpoint.yaml' not found" in message


@pytest.mark.parametrize("value", ["new-endpoint.yaml", "env.json", "env.YML", "./env"])
def test_path_like_names_reported_as_missing(value):
    assert "not found" in read_error(value)


def test_directory_rejected(tmp_path):
    message = read_error(str(tmp_path))

    assert f"{str(tmp_path)!r} is a directory" in message


def test_unreadable_file_rejected(tmp_path, monkeypatch):
    path = tmp_path / "secret.yaml"
    path.write_text("token: t")
    path.chmod(0)

    # Root reads any file whatever its mode, so the denial is simulated too.
    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(env_input, "open", deny, raising=False)
    message = read_error(str(path))

    assert "permission denied" in message


def test_broken_symlink_rejected(tmp_path):
    link = tmp_path / "env.yaml"
    link.symlink_to(tmp_path / "gone.yaml")

    assert "broken symbolic link" in read_error(str(link))


def test_non_utf8_file_rejected(tmp_path):
    path = tmp_path / "env.yaml"
    path.write_bytes(b"token: \xff\xfe")

    assert "is not UTF-8 text" in read_error(str(path))


def test_empty_file_rejected(tmp_path):
    path = tmp_path / "env.yaml"
    path.write_text("")

    assert "is empty" in read_error(str(path))


def test_comment_only_file_rejected(tmp_path):
    path = tmp_path / "env.yaml"
    path.write_text("# nothing here\n")

    assert "contains no value" in read_error(str(path))


def test_empty_standard_input_rejected():
    message = read_error("-", stdin=BinaryStdin(b""))

    assert "standard input is empty" in message


def test_scalar_text_rejected_without_quoting_it():
    message = read_error("token=new")

    assert "the text given parses as a string" in message
    assert "mapping" in message
    assert "token=new" not in message


def test_list_rejected():
    assert "parses as a list" in read_error('["a", "b"]')


def test_number_rejected():
    assert "parses as a number" in read_error("42")


def test_null_document_rejected():
    assert "contains no value" in read_error("null")


def test_list_file_names_the_file(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n")

    message = read_error(str(path))

    assert f"file {str(path)!r} parses as a list" in message


def test_invalid_json_gives_line_and_column():
    message = read_error('{\n  "token" "t"\n}')

    assert "invalid JSON" in message
    assert "line 2, column 11" in message


def test_yaml_flow_mapping_is_read_as_strict_json():
    message = read_error("{token: abc}")

    assert "invalid JSON" in message
    assert "strict JSON" in message


def test_invalid_yaml_gives_line_and_column():
    message = read_error("a: 1\nb: [1, 2\nc: 3\n")

    assert "invalid YAML" in message
    assert "line 3" in message


def test_json_duplicate_key_rejected():
    assert "key 'token' appears twice" in read_error('{"token": "a", "token": "b"}')


def test_yaml_duplicate_key_rejected():
    assert "key 'db.host' appears twice" in read_error("db:\n  host: a\n  host: b\n")


def test_json_nan_rejected():
    assert "NaN" in read_error('{"a": NaN}')


def test_several_yaml_documents_rejected():
    assert "invalid YAML" in read_error("a: 1\n---\nb: 2\n")


def test_recursive_alias_rejected():
    assert "refers to itself" in read_error("a: &x [*x]")


def test_unsupported_tag_rejected():
    assert "unsupported tag" in read_error("a: !!binary aGVsbG8=")


# YAML implicit typing --------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind, key",
    [
        ("token: 0123", "integer", "'token'"),
        ("token: 0x1F", "integer", "'token'"),
        ("token: 0b101", "integer", "'token'"),
        ("count: 1_000", "integer", "'count'"),
        ("count: +5", "integer", "'count'"),
        ("clock: 1:20", "integer", "'clock'"),
        ("verify_tls: off", "boolean", "'verify_tls'"),
        ("verify_tls: on", "boolean", "'verify_tls'"),
        ("enabled: yes", "boolean", "'enabled'"),
        ("enabled: No", "boolean", "'enabled'"),
        ("enabled: OFF", "boolean", "'enabled'"),
        ("api_version: 1.10", "number", "'api_version'"),
        ("api_version: 2.50", "number", "'api_version'"),
        ("ratio: 1.0e+5", "number", "'ratio'"),
        ("ratio: 0.1000000000000000000001", "number", "'ratio'"),
        ("day: 2026-12-04", "date", "'day'"),
        ("ratio: 1e3", "number for JSON", "'ratio'"),
        ("ratio: 1e400", "number for JSON", "'ratio'"),
        ("mode: 0o17", "number for JSON", "'mode'"),
        ("code: 0800", "number for JSON", "'code'"),
    ],
)
def test_implicit_typing_that_changes_value_rejected(text, kind, key):
    message = read_error(text)

    assert f"the unquoted value of key {key}" in message
    assert kind in message
    assert "quote the value" in message


def test_comment_inside_plain_value_rejected():
    message = read_error("password: p@ss #2")

    assert "' #' after the unquoted value of key 'password'" in message
    assert "comment" in message


def test_comment_after_plain_number_rejected():
    assert "starts a YAML comment" in read_error("timeout: 30  # seconds")


def test_implicit_typing_found_deep_in_lists():
    message = read_error("hosts:\n  - name: a\n    port: 0700\n")

    assert "key 'hosts[0].port'" in message
    assert "line 3, column 11" in message


def test_implicit_typing_found_in_flow_collections():
    assert "key 'a.b[2].c'" in read_error("a: {b: [1, 2, {c: on}]}")


def test_non_string_key_rejected():
    message = read_error("settings:\n  yes: 1\n")

    assert "key 'yes' under key 'settings'" in message
    assert "keys must be strings" in message


def test_integer_key_rejected():
    assert "keys must be strings" in read_error("1: one")


def test_typing_error_never_echoes_the_value():
    message = read_error("token: 0123456")

    assert "0123456" not in message


def test_comment_error_never_echoes_the_value():
    message = read_error("password: hunter2 #x")

    assert "hunter2" not in message


def test_file_content_never_echoed_in_parse_error(tmp_path):
    path = tmp_path / "env.json"
    path.write_text('{"token": "s3cr3t-value",}')

    message = read_error(str(path))

    assert "s3cr3t-value" not in message


def test_stdin_content_never_echoed():
    message = read_error("-", stdin=BinaryStdin(b"token: s3cr3t #1\n"))

    assert "s3cr3t" not in message
    assert "standard input" in message


def test_long_text_never_quoted():
    text = "- " + "s3cr3t" * 20

    message = read_error(text)

    assert "s3cr3t" not in message
    assert "the text given parses as a list" in message


# Other arguments and environment files ---------------------------------------


def test_argument_name_appears_in_message():
    with pytest.raises(EnvInputError) as caught:
        read_mapping("[1]", argument="PARAMS")

    assert str(caught.value).startswith("Invalid PARAMS:")


def test_env_input_error_is_an_input_error():
    assert issubclass(EnvInputError, InputError)


def test_environment_file_with_variables_mapping(tmp_path):
    path = tmp_path / "prod.yaml"
    path.write_text("name: prod\ndescription: d\nvariables:\n  token: t\n")

    assert read_environment_file(str(path)) == {
        "name": "prod",
        "description": "d",
        "variables": {"token": "t"},
    }


def test_environment_file_with_exported_variables_string(tmp_path):
    path = tmp_path / "prod.json"
    path.write_text('{"name": "prod", "scope": "private", "variables": "{\\"token\\": \\"t\\"}"}')

    assert read_environment_file(str(path))["variables"] == {"token": "t"}


def test_environment_file_without_name_rejected(tmp_path):
    path = tmp_path / "prod.yaml"
    path.write_text("variables: {}\n")

    with pytest.raises(EnvInputError, match="non-empty string 'name'"):
        read_environment_file(str(path))


def test_environment_file_without_variables_rejected_on_create(tmp_path):
    path = tmp_path / "prod.yaml"
    path.write_text("name: prod\n")

    with pytest.raises(EnvInputError, match="needs 'variables'"):
        read_environment_file(str(path))


def test_environment_file_without_variables_allowed_on_update(tmp_path):
    path = tmp_path / "prod.yaml"
    path.write_text("name: prod\ndescription: new\n")

    assert read_environment_file(str(path), require_variables=False) == {
        "name": "prod",
        "description": "new",
    }


def test_environment_file_with_list_variables_rejected(tmp_path):
    path = tmp_path / "prod.yaml"
    path.write_text("name: prod\nvariables: [1]\n")

    with pytest.raises(EnvInputError, match="'variables' is a list"):
        read_environment_file(str(path))


def test_environment_file_with_unknown_key_rejected(tmp_path):
    path = tmp_path / "prod.yaml"
    path.write_text("name: prod\nvariables: {}\nvars: {}\n")

    with pytest.raises(EnvInputError, match="unknown key"):
        read_environment_file(str(path))


def test_environment_file_with_bad_scope_rejected(tmp_path):
    path = tmp_path / "prod.yaml"
    path.write_text("name: prod\nvariables: {}\nscope: global\n")

    with pytest.raises(EnvInputError, match="private or public"):
        read_environment_file(str(path))
