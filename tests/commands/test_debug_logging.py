"""--debug, -v, -q and --log-file: request lines, with tokens and env values masked."""

from support.recording_api import EXECUTION_ID, TASK_ID, execution_resource, task_resource

SECRET = "zz-s3cr3t-value"


def test_debug_logs_one_line_per_request(mistral, api):
    api.respond(200, execution_resource())

    result = mistral("--debug", "execution-update", EXECUTION_ID, "-e", f'{{"token": "{SECRET}"}}')

    request_lines = [
        line for line in result.stderr.splitlines()
        if line.startswith(f"DEBUG (http) PUT {api.url}/executions/{EXECUTION_ID} 200 ")
    ]
    assert result.code == 0
    assert len(request_lines) == 1


def test_debug_masks_env_values_and_token(mistral, api):
    api.respond(200, execution_resource(params={"env": {"token": SECRET}}))

    result = mistral(
        "--debug", "--os-auth-token", SECRET,
        "execution-update", EXECUTION_ID, "-s", "RUNNING", "-e", f'{{"token": "{SECRET}"}}',
    )

    assert SECRET not in result.stderr
    assert '"params": {"env": {"token": "***"}}' in result.stderr
    assert "'X-Auth-Token': '***'" in result.stderr


def test_debug_masks_rerun_env(mistral, api):
    api.respond(200, task_resource(state="RUNNING"))

    result = mistral("--debug", "task-rerun", TASK_ID, "-e", f"token: {SECRET}")

    assert SECRET not in result.stderr
    assert '"env": {"token": "***"}' in result.stderr


def test_verbose_shows_request_line(mistral, api):
    api.respond(200, task_resource())

    result = mistral("-v", "task-get", TASK_ID)

    assert f"DEBUG (http) GET {api.url}/tasks/{TASK_ID} 200 " in result.stderr


def test_default_logs_nothing(mistral, api):
    api.respond(200, task_resource())

    result = mistral("task-get", TASK_ID)

    assert result.stderr == ""


def test_log_file_gets_masked_debug_lines(mistral, api, tmp_path):
    log_file = tmp_path / "mistral.log"
    api.respond(200, task_resource(state="RUNNING"))

    result = mistral("--log-file", str(log_file), "task-rerun", TASK_ID, "-e", f'{{"token": "{SECRET}"}}')

    text = log_file.read_text()
    assert result.code == 0
    assert f"PUT {api.url}/tasks/{TASK_ID} 200 " in text
    assert SECRET not in text
