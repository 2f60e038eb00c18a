"""environment-create, -get, -update and -delete, as sent and printed."""

import json

from support.recording_api import environment_resource

VARIABLES_TEXT = '{\n    "endpoint": "http://new-host/v1",\n    "token": "s3cr3t"\n}'


def test_create_from_yaml_file(mistral, api, tmp_path):
    path = tmp_path / "prod.yaml"
    path.write_text("name: prod\ndescription: Production endpoints\nvariables:\n  token: t\n")
    api.respond(201, environment_resource())

    result = mistral("environment-create", str(path))

    assert result.code == 0
    assert api.last_request.method == "POST"
    assert api.last_request.path == "/v2/environments"
    assert api.last_request.json() == {
        "name": "prod",
        "description": "Production endpoints",
        "variables": '{"token": "t"}',
        "scope": "private",
    }


def test_create_prints_variables(mistral, api, tmp_path):
    path = tmp_path / "prod.json"
    path.write_text('{"name": "prod", "variables": {}}')
    api.respond(201, environment_resource())

    result = mistral("environment-create", str(path), "-f", "json")

    assert json.loads(result.stdout) == {
        "Name": "prod",
        "Description": "Production endpoints",
        "Variables": VARIABLES_TEXT,
        "Scope": "private",
        "Created at": "2026-12-04 18:00:00",
        "Updated at": "<none>",
    }


def test_create_from_exported_json(mistral, api, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"name": "prod", "description": None, "scope": "public",
                                "variables": '{"token": "t"}'}))
    api.respond(201, environment_resource())

    mistral("environment-create", str(path))

    assert api.last_request.json() == {"name": "prod", "variables": '{"token": "t"}', "scope": "public"}


def test_create_with_implicit_typing_rejected(mistral, api, tmp_path):
    path = tmp_path / "prod.yaml"
    path.write_text("name: prod\nvariables:\n  verify: no\n")

    result = mistral("environment-create", str(path))

    assert result.code == 1
    assert "Invalid FILE" in result.stderr
    assert "key 'variables.verify'" in result.stderr
    assert api.requests == []


def test_create_existing_name_shows_conflict(mistral, api, tmp_path):
    path = tmp_path / "prod.yaml"
    path.write_text("name: prod\nvariables: {}\n")
    api.respond_error(409, "Duplicate entry for Environment: name=prod")

    result = mistral("environment-create", str(path))

    assert result.code == 1
    assert "Duplicate entry for Environment: name=prod" in result.stderr


def test_update_puts_name_in_body(mistral, api, tmp_path):
    path = tmp_path / "prod.yaml"
    path.write_text("name: prod\nvariables:\n  token: new\n")
    api.respond(200, environment_resource())

    mistral("environment-update", str(path))

    assert api.last_request.method == "PUT"
    assert api.last_request.path == "/v2/environments"
    assert api.last_request.json() == {"name": "prod", "variables": '{"token": "new"}'}


def test_update_description_only(mistral, api, tmp_path):
    path = tmp_path / "prod.yaml"
    path.write_text("name: prod\ndescription: moved\n")
    api.respond(200, environment_resource())

    mistral("environment-update", str(path))

    assert api.last_request.json() == {"name": "prod", "description": "moved"}


def test_get(mistral, api):
    api.respond(200, environment_resource())

    result = mistral("environment-get", "prod", "-f", "value", "-c", "Variables")

    assert api.last_request.path == "/v2/environments/prod"
    assert result.stdout == VARIABLES_TEXT + "\n"


def test_get_export(mistral, api):
    api.respond(200, environment_resource())

    result = mistral("environment-get", "prod", "--export", "-f", "json")

    assert json.loads(result.stdout) == {
        "name": "prod",
        "description": "Production endpoints",
        "scope": "private",
        "variables": '{"endpoint": "http://new-host/v1", "token": "s3cr3t"}',
    }


def test_delete(mistral, api):
    api.respond(204)

    result = mistral("environment-delete", "prod")

    assert (api.last_request.method, api.last_request.path) == ("DELETE", "/v2/environments/prod")
    assert result.stdout == "Request to delete environment prod has been accepted.\n"
