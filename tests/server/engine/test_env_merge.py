"""The deep merge of an env update, its changed keys, and the check of its type."""

import copy

import pytest

from mistralclient_env.server.engine.env import (
    MAX_ENV_DEPTH,
    changed_key_paths,
    merge_env,
    parse_env_update,
)
from mistralclient_env.server.engine.errors import InvalidInputError

MERGES = [
    pytest.param({"a": {"x": 1}}, {"a": {"y": 2}}, {"a": {"x": 1, "y": 2}}, id="nested objects merge"),
    pytest.param({"a": {"x": {"deep": 1, "keep": 2}}}, {"a": {"x": {"deep": 3}}},
                 {"a": {"x": {"deep": 3, "keep": 2}}}, id="three levels"),
    pytest.param({"a": {"x": 1}}, {"a": "s"}, {"a": "s"}, id="scalar replaces mapping"),
    pytest.param({"a": "s"}, {"a": {"x": 1}}, {"a": {"x": 1}}, id="mapping replaces scalar"),
    pytest.param({"a": None}, {"a": {"z": 1}}, {"a": {"z": 1}}, id="mapping replaces null"),
    pytest.param({"a": 1}, {"a": None}, {"a": None}, id="null is stored as null"),
    pytest.param({"hosts": [1, 2, 3]}, {"hosts": [4]}, {"hosts": [4]}, id="lists are replaced"),
    pytest.param({"a": 1, "b": 2}, {}, {"a": 1, "b": 2}, id="empty update keeps everything"),
    pytest.param({}, {"a": 1}, {"a": 1}, id="update of an empty env"),
    pytest.param({"a": 1}, {"b": 2}, {"a": 1, "b": 2}, id="keys not named are kept"),
    pytest.param({"clé": {"ключ": 1}}, {"clé": {"鍵": 2}}, {"clé": {"ключ": 1, "鍵": 2}}, id="unicode keys"),
    pytest.param({"token": "old", "api": {"url": "u", "v": 1}}, {"token": "new", "api": {"v": 2}},
                 {"token": "new", "api": {"url": "u", "v": 2}}, id="token and endpoint"),
]


@pytest.mark.parametrize("current, update, expected", MERGES)
def test_merge_env(current, update, expected):
    assert merge_env(current, update) == expected


@pytest.mark.parametrize("current, update, expected", MERGES)
def test_merge_env_mutates_neither_argument(current, update, expected):
    current_before = copy.deepcopy(current)
    update_before = copy.deepcopy(update)

    merge_env(current, update)

    assert current == current_before
    assert update == update_before


def test_merge_env_copies_new_mappings():
    update = {"a": {"x": 1}}

    merged = merge_env({}, update)
    merged["a"]["x"] = 2

    assert update == {"a": {"x": 1}}


CHANGED = [
    ({"a": {"x": 1}}, {"a": {"y": 2}}, ["a.y"]),
    ({"a": {"x": 1}}, {"a": {"x": 1}}, []),
    ({"a": {"x": 1}}, {"a": "s"}, ["a"]),
    ({}, {"token": "t", "api": {"url": "u"}}, ["api.url", "token"]),
    ({"a": 1}, {"a": None}, ["a"]),
]


@pytest.mark.parametrize("current, update, expected", CHANGED)
def test_changed_key_paths(current, update, expected):
    assert changed_key_paths(current, update) == expected


@pytest.mark.parametrize("value", [None, {}, "", "{}", "  ", "null"])
def test_parse_env_update_empty_means_no_change(value):
    assert parse_env_update(value, allow_json_text=True) is None


@pytest.mark.parametrize("value", [None, {}])
def test_parse_env_update_absent_or_empty_object(value):
    assert parse_env_update(value) is None


@pytest.mark.parametrize("value, type_name", [
    ([], "a JSON array"),
    ("", "a JSON string"),
    ("  ", "a JSON string"),
    ([{}], "a JSON array"),
])
def test_parse_env_update_rejects_empty_non_mapping(value, type_name):
    with pytest.raises(InvalidInputError) as raised:
        parse_env_update(value, field="params.env")

    assert f"Invalid params.env: expected a JSON object (mapping) of variables, received {type_name}." == str(raised.value)


@pytest.mark.parametrize("text, type_name", [
    ("[]", "a JSON array"),
    ('""', "a JSON string"),
    ("0", "a JSON number"),
    ("false", "a JSON boolean"),
])
def test_parse_env_update_rejects_empty_non_mapping_text(text, type_name):
    with pytest.raises(InvalidInputError) as raised:
        parse_env_update(text, allow_json_text=True)

    assert type_name in str(raised.value)


def test_parse_env_update_decodes_json_text():
    assert parse_env_update('{"token": "t"}', allow_json_text=True) == {"token": "t"}


@pytest.mark.parametrize("value, type_name", [
    ([1, 2], "a JSON array"),
    (5, "a JSON number"),
    ("token=new", "a JSON string"),
    (True, "a JSON boolean"),
])
def test_parse_env_update_rejects_non_mapping(value, type_name):
    with pytest.raises(InvalidInputError) as raised:
        parse_env_update(value)

    assert type_name in str(raised.value)


def test_parse_env_update_invalid_json():
    with pytest.raises(InvalidInputError) as raised:
        parse_env_update("{token: s3cret-canary", allow_json_text=True)

    assert "not valid JSON" in str(raised.value)
    assert "s3cret-canary" not in str(raised.value)


def test_parse_env_update_json_string():
    with pytest.raises(InvalidInputError) as raised:
        parse_env_update('"token=new"', allow_json_text=True)

    assert "a JSON string" in str(raised.value)
    assert "token=new" not in str(raised.value)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_parse_env_update_rejects_non_json_numbers(constant):
    with pytest.raises(InvalidInputError) as raised:
        parse_env_update(f'{{"limit": {constant}}}', allow_json_text=True)

    assert "not valid JSON" in str(raised.value)
    assert "is not a JSON number" in str(raised.value)


@pytest.mark.parametrize("levels", [MAX_ENV_DEPTH + 1, 5000])
def test_parse_env_update_rejects_deep_nesting(levels):
    text = '{"d": ' + "[" * (levels - 1) + "]" * (levels - 1) + "}"

    with pytest.raises(InvalidInputError) as raised:
        parse_env_update(text, allow_json_text=True)

    assert "nested" in str(raised.value)


def test_parse_env_update_accepts_max_nesting():
    value = {"d": 1}
    for _ in range(MAX_ENV_DEPTH - 1):
        value = {"d": value}

    assert parse_env_update(value) is value
