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


# What tasks and actions computed from env and input ------------------------


def test_task_fields_masked(client, requests_mock, debug_log):
    task = task_resource(
        result={"url": f"http://127.0.0.1:9/500?token={SECRET}", "status": 500},
        published={"pw": SECRET},
        published_global={"pw": SECRET},
        runtime_context={"with_items": {"items": [SECRET]}},
        state_info=f"Failed to run action: GET http://h/?token={SECRET}",
    )
    requests_mock.get(f"{API_URL}/tasks/{TASK_ID}", json=task)

    client.tasks.get(TASK_ID)

    text = all_log_text(debug_log)
    assert SECRET not in text
    assert '"result": {"url": "***", "status": "***"}' in text
    assert '"published": {"pw": "***"}' in text
    assert '"runtime_context": {"with_items": {"items": ["***"]}}' in text
    assert '"state_info": "***"' in text


def test_task_result_json_string_masked(client, requests_mock, debug_log):
    requests_mock.get(f"{API_URL}/tasks/{TASK_ID}", json=task_resource(result=json.dumps(SECRET)))

    client.tasks.get(TASK_ID)

    text = all_log_text(debug_log)
    assert SECRET not in text
    assert '"result": "***"' in text


def test_task_list_items_masked(client, requests_mock, debug_log):
    item = task_resource(state_info=f"token {SECRET} rejected", published={"pw": SECRET})
    requests_mock.get(f"{API_URL}/tasks", json={"tasks": [item]})

    client.tasks.list()

    assert SECRET not in all_log_text(debug_log)


def test_action_execution_input_and_output_masked(client, requests_mock, debug_log):
    item = {
        "id": "a1",
        "name": "std.http",
        "input": json.dumps({"url": f"http://h/?token={SECRET}"}),
        "output": json.dumps({"result": {"content": SECRET}}),
        "state_info": SECRET,
    }
    requests_mock.get(f"{API_URL}/tasks/{TASK_ID}/action_executions", json={"action_executions": [item]})

    client.action_executions.list(TASK_ID)

    text = all_log_text(debug_log)
    assert SECRET not in text
    assert '"input": {"url": "***"}' in text
    assert '"output": {"result": {"content": "***"}}' in text


def test_execution_output_masked(client, requests_mock, debug_log):
    response = execution_resource(output=json.dumps({"token": SECRET}), state_info=SECRET)
    requests_mock.get(f"{API_URL}/executions/{EXECUTION_ID}", json=response)

    client.executions.get(EXECUTION_ID)

    text = all_log_text(debug_log)
    assert SECRET not in text
    assert '"output": {"token": "***"}' in text


def test_params_that_are_not_json_masked_whole(client, requests_mock, debug_log):
    response = execution_resource(params=f"env={SECRET}")
    requests_mock.get(f"{API_URL}/executions/{EXECUTION_ID}", json=response)

    client.executions.get(EXECUTION_ID)

    text = all_log_text(debug_log)
    assert SECRET not in text
    assert '"params": "***"' in text


def test_keys_and_ids_stay_visible(client, requests_mock, debug_log):
    requests_mock.get(f"{API_URL}/tasks/{TASK_ID}", json=task_resource(published={"endpoint": SECRET}))

    client.tasks.get(TASK_ID)

    text = all_log_text(debug_log)
    assert f'"id": "{TASK_ID}"' in text
    assert '"name": "fetch"' in text
    assert '"endpoint": "***"' in text


def test_masking_deep_body_bounded():
    from mistralclient_env.api.redaction import MASK, MAX_MASKED_DEPTH, mask_body

    body = current = {}
    for _ in range(20000):
        current["d"] = {}
        current = current["d"]

    masked = mask_body({"a": body, "env": [[[[SECRET]]]]})

    depth, current = 0, masked["a"]
    while isinstance(current, dict):
        current = current["d"]
        depth += 1
    assert current == MASK
    assert depth <= MAX_MASKED_DEPTH
    assert masked["env"] == [[[[MASK]]]]
