"""Debug logging: one line per request, bodies with env values and tokens masked."""

import json
import logging

import pytest
from support.recording_api import (
    EXECUTION_ID,
    MOCKED_API_URL as API_URL,
    TASK_ID,
    environment_resource,
    execution_resource,
    task_resource,
)

SECRET = "s3cr3t-token-value"


@pytest.fixture
def debug_log(caplog):
    caplog.set_level(logging.DEBUG, logger="mistralclient_env")
    return caplog


def all_log_text(caplog):
    return "\n".join(record.getMessage() for record in caplog.records)


def summary_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith(("GET ", "PUT ", "POST "))]


def test_one_summary_line_per_request(token_client, requests_mock, debug_log):
    requests_mock.get(f"{API_URL}/executions/{EXECUTION_ID}", json=execution_resource())

    token_client.executions.get(EXECUTION_ID)

    lines = summary_lines(debug_log)
    assert len(lines) == 1
    assert lines[0].startswith(f"GET {API_URL}/executions/{EXECUTION_ID} 200 ")
    assert lines[0].endswith("s")


def test_summary_line_for_rejected_request(client, requests_mock, debug_log):
    requests_mock.get(f"{API_URL}/tasks/{TASK_ID}", status_code=404, json={"faultstring": "gone"})

    with pytest.raises(Exception):
        client.tasks.get(TASK_ID)

    assert summary_lines(debug_log)[0].startswith(f"GET {API_URL}/tasks/{TASK_ID} 404 ")


def test_token_header_masked(requests_mock, debug_log):
    from mistralclient_env.api.client import create_client

    requests_mock.get(f"{API_URL}/executions/{EXECUTION_ID}", json=execution_resource())

    create_client(mistral_url=API_URL, token=SECRET).executions.get(EXECUTION_ID)

    text = all_log_text(debug_log)
    assert SECRET not in text
    assert "'X-Auth-Token': '***'" in text


def test_execution_update_env_masked(client, requests_mock, debug_log):
    response = execution_resource(params=json.dumps({"env": {"token": SECRET}, "namespace": ""}))
    requests_mock.put(f"{API_URL}/executions/{EXECUTION_ID}", json=response)

    client.executions.update(EXECUTION_ID, state="RUNNING", env={"token": SECRET, "nested": {"k": SECRET}})

    text = all_log_text(debug_log)
    assert SECRET not in text
    assert '"params": {"env": {"token": "***", "nested": {"k": "***"}}}' in text


def test_task_rerun_env_string_masked(client, requests_mock, debug_log):
    requests_mock.put(f"{API_URL}/tasks/{TASK_ID}", json=task_resource(state="RUNNING"))

    client.tasks.rerun(TASK_ID, env={"token": SECRET})

    text = all_log_text(debug_log)
    assert SECRET not in text
    assert '"env": {"token": "***"}' in text


def test_execution_create_input_and_params_masked(client, requests_mock, debug_log):
    requests_mock.post(
        f"{API_URL}/executions",
        status_code=201,
        json=execution_resource(input=json.dumps({"password": SECRET})),
    )

    client.executions.create("wf", workflow_input={"password": SECRET}, params={"env": {"token": SECRET}})

    assert SECRET not in all_log_text(debug_log)


def test_environment_variables_masked(client, requests_mock, debug_log):
    requests_mock.post(
        f"{API_URL}/environments",
        status_code=201,
        json=environment_resource(variables=json.dumps({"token": SECRET})),
    )

    client.environments.create("prod", {"token": SECRET})

    text = all_log_text(debug_log)
    assert SECRET not in text
    assert '"variables": {"token": "***"}' in text


def test_list_items_masked(client, requests_mock, debug_log):
    item = execution_resource(params=json.dumps({"env": {"token": SECRET}}))
    requests_mock.get(f"{API_URL}/executions", json={"executions": [item]})

    client.executions.list()

    assert SECRET not in all_log_text(debug_log)


def test_error_body_logged_masked(client, requests_mock, debug_log):
    requests_mock.put(
        f"{API_URL}/tasks/{TASK_ID}",
        status_code=400,
        json={"faultstring": "bad env", "env": {"token": SECRET}},
    )

    with pytest.raises(Exception):
        client.tasks.rerun(TASK_ID, env={"token": SECRET})

    assert SECRET not in all_log_text(debug_log)


def test_nothing_logged_above_debug(client, requests_mock, caplog):
    caplog.set_level(logging.INFO, logger="mistralclient_env")
    requests_mock.get(f"{API_URL}/tasks/{TASK_ID}", json=task_resource())

    client.tasks.get(TASK_ID)

    assert caplog.records == []
