"""Exit codes and messages when the server rejects a request or cannot be reached."""

import socket

from support.recording_api import EXECUTION_ID, TASK_ID


def test_forbidden_env_update_exits_1_with_faultstring(mistral, api):
    message = f"Env can only change while execution {EXECUTION_ID} is IDLE, PAUSED or ERROR (it is RUNNING)"
    api.respond_error(403, message)

    result = mistral("execution-update", EXECUTION_ID, "-e", '{"token": "t"}')

    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"ERROR (app) {message} (HTTP 403 from PUT {api.url}/executions/{EXECUTION_ID})\n"
    )


def test_rerun_of_task_not_in_error(mistral, api):
    api.respond_error(400, f"Task {TASK_ID} must be in ERROR to be rerun; it is SUCCESS")

    result = mistral("task-rerun", TASK_ID)

    assert result.code == 1
    assert f"Task {TASK_ID} must be in ERROR to be rerun; it is SUCCESS" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_id(mistral, api):
    api.respond_error(404, "Execution not found [id=nope]")

    result = mistral("execution-get", "nope")

    assert result.code == 1
    assert "Execution not found [id=nope] (HTTP 404" in result.stderr


def test_server_failure(mistral, api):
    api.respond_error(500, "Unexpected error")

    result = mistral("task-get", TASK_ID)

    assert result.code == 1
    assert "Unexpected error (HTTP 500" in result.stderr


def test_server_error_message_header_preferred(mistral, api):
    api.respond(400, {"faultstring": "from body"}, headers={"Server-Error-Message": "from header"})

    result = mistral("task-get", TASK_ID)

    assert "from header" in result.stderr
    assert "from body" not in result.stderr


def test_quiet_still_prints_errors(mistral, api):
    api.respond_error(404, "Task not found")

    result = mistral("-q", "task-get", TASK_ID)

    assert result.code == 1
    assert "Task not found" in result.stderr


def test_debug_prints_traceback(mistral_in_process, api):
    api.respond_error(404, "Task not found")

    result = mistral_in_process("--debug", "task-get", TASK_ID)

    assert result.code == 1
    assert "Traceback" in result.stderr
    assert "Task not found" in result.stderr


def closed_port_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/v2"


def test_connection_refused_names_url(run_in_process, run_subprocess):
    url = closed_port_url()

    for run in (run_in_process, run_subprocess):
        result = run(["--os-mistral-url", url, "task-get", TASK_ID])

        assert result.code == 1
        assert f"Cannot connect to {url}/tasks/{TASK_ID} (GET): Connection refused" in result.stderr
        assert "Traceback" not in result.stderr


def test_url_from_environment_variable(api, monkeypatch, run_in_process):
    from support.recording_api import task_resource

    api.respond(200, task_resource())
    monkeypatch.setenv("OS_MISTRAL_URL", api.url)

    result = run_in_process(["task-get", TASK_ID, "-f", "value", "-c", "Name"])

    assert result.stdout == "fetch\n"


def test_token_sent_as_header(mistral, api):
    from support.recording_api import task_resource

    api.respond(200, task_resource())

    mistral("--os-auth-token", "tok-1", "task-get", TASK_ID)

    assert api.last_request.headers["X-Auth-Token"] == "tok-1"


def test_password_without_auth_url_rejected(mistral, api):
    result = mistral("--os-username", "admin", "--os-password", "pw", "task-get", TASK_ID)

    assert result.code == 1
    assert "--os-auth-url" in result.stderr
    assert api.requests == []


def test_unknown_option_is_usage_error(mistral, api):
    result = mistral("task-rerun", TASK_ID, "--reset")

    assert result.code == 2
    assert "unrecognized arguments: --reset" in result.stderr
    assert api.requests == []


def test_missing_argument_is_usage_error(mistral, api):
    result = mistral("task-rerun")

    assert result.code == 2
    assert "the following arguments are required: ID" in result.stderr


def test_unknown_command_is_usage_error(mistral, api):
    result = mistral("task-rerunn", TASK_ID)

    assert result.code == 2
    assert api.requests == []


def test_html_error_page_shown_as_one_line(mistral, api):
    page = "<!DOCTYPE html>\n<html><head><title>Error response</title></head>\n" + "<p>detail</p>\n" * 12
    api.respond(501, page, headers={"Content-Type": "text/html;charset=utf-8"})

    result = mistral("execution-update", EXECUTION_ID, "-s", "PAUSED")

    assert result.code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("ERROR (app) Not Implemented: Error response (HTTP 501 from PUT ")
    assert "the URL may not be a Mistral API" in result.stderr


def test_timeout_worded_once(run_in_process):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/v2"

    try:
        result = run_in_process(["--os-mistral-url", url, "--timeout", "0.2", "execution-get", "abc"])
    finally:
        listener.close()

    assert result.code == 1
    assert "timed out: no response within 0.2 seconds. Raise --timeout" in result.stderr
    assert "timed out: timed out" not in result.stderr
