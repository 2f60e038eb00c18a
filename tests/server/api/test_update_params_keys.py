"""PUT of an execution changes params.env only; other keys of params must keep their values.

Mistral reads only ``params.env`` and ignores the other keys silently. Here
a key the execution has, with its value, is accepted (a client may send
back the params it read), and anything else is a 400 naming the key.
"""

import json

import pytest

DOCUMENT = """
version: '2.0'
params_wf:
  tasks:
    broken:
      action: std.fail
"""


@pytest.fixture(scope="module")
def failed(api):
    api.upload_workflow(DOCUMENT)
    execution = api.start_execution("params_wf", env={"a": 1}, params={"evaluate_env": False})
    return api.wait_for_execution(execution["id"], "ERROR")


@pytest.mark.parametrize("params, key", [
    ({"env": {"b": 2}, "zzz": 1}, "params.zzz"),
    ({"env": {"b": 2}, "namespace": "evil"}, "params.namespace"),
    ({"evaluate_env": True}, "params.evaluate_env"),
])
def test_other_params_key_is_400(api, failed, params, key):
    response = api.put(f"/executions/{failed['id']}", {"params": params})

    assert response.status_code == 400
    assert key in response.json()["faultstring"]
    assert "only params.env" in response.json()["faultstring"]
    assert api.env_of(failed["id"]) == {"a": 1}


def test_params_read_back_with_new_env_is_accepted(api, failed):
    params = json.loads(api.execution(failed["id"])["params"])
    params["env"] = {"b": 2}

    response = api.put(f"/executions/{failed['id']}", {"params": params})

    assert response.status_code == 200, response.text
    assert api.env_of(failed["id"]) == {"a": 1, "b": 2}


def test_other_params_key_of_unknown_execution_is_404(api):
    unknown = "00000000-0000-4000-8000-000000000001"

    response = api.put(f"/executions/{unknown}", {"params": {"env": {"b": 2}, "zzz": 1}})

    assert response.status_code == 404
