"""task-rerun: every --env input form, --resume, and the exact request it sends."""

import json

from support.recording_api import TASK_ID, task_resource

TASK_PATH = f"/v2/tasks/{TASK_ID}"


def rerun(mistral, api, *options, stdin=b""):
    api.respond(200, task_resource(state="RUNNING", finished_at=None))
    return mistral("task-rerun", TASK_ID, *options, stdin=stdin)


def test_without_env(mistral, api):
    result = rerun(mistral, api)

    assert result.code == 0
    assert api.last_request.method == "PUT"
    assert api.last_request.path == TASK_PATH
    assert api.last_request.json() == {"id": TASK_ID, "state": "RUNNING", "reset": True}


def test_resume_sends_reset_false(mistral, api):
    rerun(mistral, api, "--resume")

    assert api.last_request.json() == {"id": TASK_ID, "state": "RUNNING", "reset": False}


def test_json_text_sent_as_json_string(mistral, api):
    rerun(mistral, api, "--env", '{"endpoint": "http://new-host/v1"}')

    body = api.last_request.json()
    assert body == {
        "id": TASK_ID,
        "state": "RUNNING",
        "reset": True,
        "env": '{"endpoint": "http://new-host/v1"}',
    }


def test_yaml_text(mistral, api):
    rerun(mistral, api, "-e", "endpoint: http://new-host/v1")

    assert json.loads(api.last_request.json()["env"]) == {"endpoint": "http://new-host/v1"}


def test_yaml_file(mistral, api, tmp_path):
    path = tmp_path / "new-endpoint.yaml"
    path.write_text("endpoint: http://new-host/v1\ntoken: 't-0123'\n")

    rerun(mistral, api, "--env", str(path))

    assert json.loads(api.last_request.json()["env"]) == {
        "endpoint": "http://new-host/v1",
        "token": "t-0123",
    }


def test_json_file_without_extension(mistral, api, tmp_path):
    path = tmp_path / "envfile"
    path.write_text('{"token": "t"}')

    rerun(mistral, api, "--env", str(path))

    assert json.loads(api.last_request.json()["env"]) == {"token": "t"}


def test_standard_input(mistral, api):
    rerun(mistral, api, "--env", "-", stdin=b"token: from-stdin\n")

    assert json.loads(api.last_request.json()["env"]) == {"token": "from-stdin"}


def test_resume_with_env(mistral, api):
    rerun(mistral, api, "--resume", "-e", '{"a": 1}')

    assert api.last_request.json() == {"id": TASK_ID, "state": "RUNNING", "reset": False, "env": '{"a": 1}'}


def test_empty_env_not_sent(mistral, api):
    rerun(mistral, api, "--env", "{}")

    assert "env" not in api.last_request.json()


def test_prints_task_state(mistral, api):
    result = rerun(mistral, api, "-f", "value", "-c", "State")

    assert result.stdout == "RUNNING\n"
