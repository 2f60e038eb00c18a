"""--debug, -v, -q and --log-file: request lines, with tokens and env values masked."""

import socket

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


def test_debug_masks_task_result_and_published(mistral, api):
    api.respond(
        200,
        task_resource(
            result={"url": f"http://127.0.0.1:9/500?token={SECRET}"},
            published={"pw": SECRET},
            state_info=f"GET http://127.0.0.1:9/500?token={SECRET} failed",
        ),
    )

    result = mistral("--debug", "task-get", TASK_ID)

    assert result.code == 0
    assert SECRET not in result.stderr
    assert '"result": {"url": "***"}' in result.stderr


def test_debug_keeps_one_request_line(mistral, api):
    api.respond(200, task_resource(result={"status": 503}))

    result = mistral("--debug", "task-get", TASK_ID)

    assert sum(f"GET {api.url}/tasks/{TASK_ID} 200 " in line for line in result.stderr.splitlines()) == 1


def test_debug_help_lists_masked_fields(run_in_process):
    text = " ".join(run_in_process(["--help"]).stdout.split())

    assert "results, published values, state info and runtime context are masked" in text


def test_debug_masks_url_password(run_in_process, api):
    api.respond(200, task_resource())
    url = api.url.replace("http://", "http://ops:pa55-CANARY@")

    result = run_in_process(["--os-mistral-url", url, "--debug", "task-get", TASK_ID])

    assert result.code == 0
    assert "pa55-CANARY" not in result.stderr
    assert f"GET {url.replace('pa55-CANARY', '***')}/tasks/{TASK_ID} 200 " in result.stderr


def test_debug_traceback_masks_url_credentials(run_subprocess):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    result = run_subprocess([
        "--os-mistral-url", f"http://ops:pa55-CANARY@127.0.0.1:{port}/v2",
        "--debug", "execution-list", "--filter", "api_key=key-CANARY",
    ])

    assert result.code == 1
    assert "Traceback" in result.stderr
    assert "Max retries exceeded" in result.stderr
    assert "CANARY" not in result.stderr
