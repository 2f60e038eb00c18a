"""The app's error registry: engine errors, Falcon's own errors and unexpected exceptions."""

import logging

import falcon.testing
import pytest

from mistralclient_env.server.app import create_app
from mistralclient_env.server.engine.errors import (
    ConflictError,
    DSLError,
    InvalidInputError,
    InvalidStateTransitionError,
    NotFoundError,
    StateForbidsError,
)

SECRET = "s3cret-env-value-in-an-exception"


class RaisingEngine:
    """Stands in for the Engine: every call raises the error it was given."""

    def __init__(self, error):
        self.error = error

    def get_execution(self, execution_id):
        raise self.error


def client_raising(error):
    return falcon.testing.TestClient(create_app(RaisingEngine(error)))


@pytest.mark.parametrize("error, status", [
    (NotFoundError("Workflow execution not found: x"), 404),
    (InvalidInputError("bad"), 400),
    (DSLError("wf.tasks.t", "bad"), 400),
    (InvalidStateTransitionError("workflow execution", "x", "SUCCESS", "RUNNING"), 400),
    (StateForbidsError("forbidden"), 403),
    (ConflictError("exists"), 409),
])
def test_engine_error_maps_to_status_and_body(error, status):
    response = client_raising(error).simulate_get("/v2/executions/x")

    assert response.status_code == status
    assert response.json == {"faultcode": "Client", "faultstring": str(error), "debuginfo": None}


def test_unexpected_error_is_an_opaque_500(caplog):
    caplog.set_level(logging.DEBUG)
    execution_id = "0b1c6f9e-1f0a-4c55-9a53-3d8f6f1f7b10"

    response = client_raising(KeyError(SECRET)).simulate_get(f"/v2/executions/{execution_id}")

    assert response.status_code == 500
    assert response.json["faultcode"] == "Server"
    assert response.json["debuginfo"] is None
    assert SECRET not in response.text
    assert SECRET not in caplog.text
    assert "Traceback" in caplog.text
    assert execution_id in caplog.text
    assert "KeyError" in caplog.text


def test_unknown_route_is_json_404():
    response = client_raising(None).simulate_get("/v2/nothing/here")

    assert response.status_code == 404
    assert response.json["faultcode"] == "Client"
    assert "/v2/nothing/here" in response.json["faultstring"]


def test_wrong_method_is_json_405():
    response = client_raising(None).simulate_delete("/v2/tasks")

    assert response.status_code == 405
    assert response.json["faultcode"] == "Client"
    assert "DELETE" in response.json["faultstring"]
