"""select_fields keeps the fields a list query asked for, and id."""

import falcon.uri

from mistralclient_env.server.engine.query import ListQuery
from mistralclient_env.server.rest.listing import parse_list_query, select_fields

EXECUTION = {
    "id": "0b6a5c0e-6f53-4a57-9a3c-3b0d7f1c2a11",
    "workflow_name": "outage_wf",
    "state": "ERROR",
    "params": '{"env": {"token": "old"}}',
    "created_at": "2026-12-04 19:30:51",
}


def query_for(query_string):
    return parse_list_query(falcon.uri.parse_query_string(query_string, keep_blank=True), "executions")


def test_no_fields_keeps_everything():
    assert select_fields(EXECUTION, ListQuery()) == EXECUTION


def test_no_fields_returns_copy():
    selected = select_fields(EXECUTION, ListQuery())

    assert selected is not EXECUTION


def test_fields_keep_id_and_requested():
    selected = select_fields(EXECUTION, query_for("fields=state,workflow_name"))

    assert selected == {"id": EXECUTION["id"], "state": "ERROR", "workflow_name": "outage_wf"}


def test_fields_in_requested_order():
    selected = select_fields(EXECUTION, query_for("fields=state,id,workflow_name"))

    assert list(selected) == ["state", "id", "workflow_name"]


def test_absent_field_not_added():
    selected = select_fields(EXECUTION, query_for("fields=state,output"))

    assert selected == {"id": EXECUTION["id"], "state": "ERROR"}
