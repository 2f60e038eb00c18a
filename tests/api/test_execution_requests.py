"""Execution manager: the exact request of every method, and its result."""

import json

import pytest
from support.recording_api import MOCKED_API_URL as API_URL, EXECUTION_ID, WORKFLOW_ID, execution_resource

EXECUTION_URL = f"{API_URL}/executions/{EXECUTION_ID}"


def test_create_by_name_sends_description_and_name(client, requests_mock):
    requests_mock.post(f"{API_URL}/executions", status_code=201, json=execution_resource(state="RUNNING"))

    client.executions.create("outage_wf")

    assert requests_mock.last_request.json() == {"description": "", "workflow_name": "outage_wf"}


def test_create_by_uuid_sends_workflow_id(client, requests_mock):
    requests_mock.post(f"{API_URL}/executions", status_code=201, json=execution_resource())

    client.executions.create(WORKFLOW_ID)

    assert requests_mock.last_request.json() == {"description": "", "workflow_id": WORKFLOW_ID}


def test_create_sends_input_and_params_as_json_strings(client, requests_mock):
    requests_mock.post(f"{API_URL}/executions", status_code=201, json=execution_resource())

    client.executions.create(
        "outage_wf",
        workflow_input={"retries": 3},
        params={"env": {"token": "t"}},
        description="retry run",
        namespace="ops",
    )

    body = requests_mock.last_request.json()
    assert body == {
        "description": "retry run",
        "workflow_name": "outage_wf",
        "workflow_namespace": "ops",
        "input": '{"retries": 3}',
        "params": '{"env": {"token": "t"}}',
    }


def test_create_sends_json_content_type(client, requests_mock):
    requests_mock.post(f"{API_URL}/executions", status_code=201, json=execution_resource())

    client.executions.create("outage_wf")

    assert requests_mock.last_request.headers["Content-Type"] == "application/json"


def test_create_returns_execution_with_decoded_params(client, requests_mock):
    requests_mock.post(f"{API_URL}/executions", status_code=201, json=execution_resource())

    execution = client.executions.create("outage_wf")

    assert execution["params"] == {"env": {"token": "old"}, "namespace": ""}
    assert execution.input == {"retries": 3}
    assert execution["state"] == "ERROR"


def test_get_requests_execution_by_id(client, requests_mock):
    requests_mock.get(EXECUTION_URL, json=execution_resource(output={"status": 200}))

    execution = client.executions.get(EXECUTION_ID)

    assert requests_mock.last_request.method == "GET"
    assert requests_mock.last_request.url == EXECUTION_URL
    assert execution["output"] == {"status": 200}


def test_get_sends_token_header(token_client, requests_mock):
    requests_mock.get(EXECUTION_URL, json=execution_resource())

    token_client.executions.get(EXECUTION_ID)

    assert requests_mock.last_request.headers["X-Auth-Token"] == "tok-123"


def test_get_without_token_sends_no_token_header(client, requests_mock):
    requests_mock.get(EXECUTION_URL, json=execution_resource())

    client.executions.get(EXECUTION_ID)

    assert "X-Auth-Token" not in requests_mock.last_request.headers


def test_get_quotes_odd_ids_in_path(client, requests_mock):
    requests_mock.get(f"{API_URL}/executions/a%2Fb%20c", json=execution_resource())

    client.executions.get("a/b c")

    assert requests_mock.last_request.path == "/v2/executions/a%2fb%20c"


def test_list_sends_openstack_query(client, requests_mock):
    requests_mock.get(f"{API_URL}/executions", json={"executions": [execution_resource()]})

    client.executions.list(
        limit=100,
        sort_keys="created_at",
        sort_dirs="desc",
        fields=["id", "workflow_name", "state"],
        nulls="root_execution_id",
        filters={"state": "eq:ERROR"},
        task="t-1",
    )

    assert requests_mock.last_request.url == (
        f"{API_URL}/executions?limit=100&sort_keys=created_at&sort_dirs=desc"
        "&fields=id%2Cworkflow_name%2Cstate&nulls=root_execution_id&state=eq%3AERROR"
        "&task_execution_id=t-1"
    )


def test_list_with_marker_and_no_limit(client, requests_mock):
    requests_mock.get(f"{API_URL}/executions", json={"executions": []})

    client.executions.list(marker=EXECUTION_ID, limit=-1)

    assert requests_mock.last_request.url == f"{API_URL}/executions?marker={EXECUTION_ID}"


def test_list_returns_executions(client, requests_mock):
    second = execution_resource(id="e2", state="SUCCESS")
    requests_mock.get(f"{API_URL}/executions", json={"executions": [execution_resource(), second]})

    executions = client.executions.list()

    assert [e["id"] for e in executions] == [EXECUTION_ID, "e2"]


def test_update_env_only_sends_params_object(client, requests_mock):
    requests_mock.put(EXECUTION_URL, json=execution_resource())

    client.executions.update(EXECUTION_ID, env={"token": "new"})

    assert requests_mock.last_request.json() == {"params": {"env": {"token": "new"}}}


def test_update_state_and_env(client, requests_mock):
    requests_mock.put(EXECUTION_URL, json=execution_resource(state="RUNNING"))

    client.executions.update(EXECUTION_ID, state="RUNNING", env={"a": {"b": 1}})

    assert requests_mock.last_request.json() == {
        "state": "RUNNING",
        "params": {"env": {"a": {"b": 1}}},
    }


def test_update_description_only(client, requests_mock):
    requests_mock.put(EXECUTION_URL, json=execution_resource(description="d"))

    client.executions.update(EXECUTION_ID, description="d")

    assert requests_mock.last_request.json() == {"description": "d"}


def test_update_empty_env_not_sent(client, requests_mock):
    requests_mock.put(EXECUTION_URL, json=execution_resource(state="PAUSED"))

    client.executions.update(EXECUTION_ID, state="PAUSED", env={})

    assert requests_mock.last_request.json() == {"state": "PAUSED"}


def test_delete_sends_delete(client, requests_mock):
    requests_mock.delete(EXECUTION_URL, status_code=204)

    assert client.executions.delete(EXECUTION_ID) is None
    assert requests_mock.last_request.method == "DELETE"
    assert requests_mock.last_request.url == EXECUTION_URL


def test_delete_with_force(client, requests_mock):
    requests_mock.delete(EXECUTION_URL, status_code=204)

    client.executions.delete(EXECUTION_ID, force=True)

    assert requests_mock.last_request.url == f"{EXECUTION_URL}?force=True"


@pytest.mark.parametrize("method", ["get", "delete"])
def test_empty_id_rejected_before_sending(client, requests_mock, method):
    from mistralclient_env.exceptions import InputError

    with pytest.raises(InputError):
        getattr(client.executions, method)("")

    assert requests_mock.call_count == 0


def test_params_sent_as_plain_object_are_kept(client, requests_mock):
    resource = execution_resource()
    resource["params"] = {"env": {"token": "x"}}
    requests_mock.get(EXECUTION_URL, json=resource)

    assert client.executions.get(EXECUTION_ID)["params"] == {"env": {"token": "x"}}


def test_output_that_is_not_json_is_kept_as_text(client, requests_mock):
    resource = execution_resource(output="plain text")
    requests_mock.get(EXECUTION_URL, json=resource)

    assert client.executions.get(EXECUTION_ID)["output"] == "plain text"


def test_repr_shows_no_env(client, requests_mock):
    requests_mock.get(EXECUTION_URL, json=execution_resource(params=json.dumps({"env": {"token": "zz9"}})))

    assert "zz9" not in repr(client.executions.get(EXECUTION_ID))
