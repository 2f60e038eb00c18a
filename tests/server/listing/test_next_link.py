"""build_next_link: the ``next`` URL repeats the query after the last row."""

import datetime
import urllib.parse

import falcon.uri
import pytest

from mistralclient_env.server.engine.query import Filter, ListQuery
from mistralclient_env.server.rest.listing import build_next_link, parse_list_query

EXECUTIONS_URL = "http://127.0.0.1:8989/v2/executions"
TASKS_URL = "http://127.0.0.1:8989/v2/tasks"
LAST_ID = "5d2e8f7a-1c4b-4e2f-8a9d-6b7c8d9e0f22"
PARENT_ID = "0b6a5c0e-6f53-4a57-9a3c-3b0d7f1c2a11"


def parse(query_string, collection="executions"):
    params = falcon.uri.parse_query_string(query_string, keep_blank=True, csv=False)
    return parse_list_query(params, collection)


def link_params(link):
    return falcon.uri.parse_query_string(urllib.parse.urlsplit(link).query, keep_blank=True, csv=False)


def test_link_extends_sort_with_id():
    query = parse("limit=100&sort_keys=created_at&sort_dirs=desc")

    link = build_next_link(EXECUTIONS_URL, query, LAST_ID)

    assert link == (
        f"{EXECUTIONS_URL}?sort_keys=created_at,id&sort_dirs=desc,asc&limit=100&marker={LAST_ID}"
    )


def test_link_keeps_id_sort_key_once():
    query = parse("limit=5&sort_keys=id,state&sort_dirs=desc")

    params = link_params(build_next_link(EXECUTIONS_URL, query, LAST_ID))

    assert params["sort_keys"] == "id,state"
    assert params["sort_dirs"] == "desc,asc"


def test_link_repeats_filters_nulls_and_fields():
    query = parse(
        "limit=2&state=in:ERROR,PAUSED&workflow_name=outage_wf&nulls=root_execution_id"
        "&fields=state,workflow_name"
    )

    params = link_params(build_next_link(EXECUTIONS_URL, query, LAST_ID))

    assert params["state"] == "in:ERROR,PAUSED"
    assert params["workflow_name"] == "eq:outage_wf"
    assert params["nulls"] == "root_execution_id"
    assert params["fields"] == "id,state,workflow_name"
    assert params["limit"] == "2"
    assert params["marker"] == LAST_ID


def test_link_repeats_each_filter_of_one_field():
    query = parse("limit=2&created_at=gte:2026-12-04 19:00:00&created_at=lt:2026-12-05T00:00:00.5Z")

    params = link_params(build_next_link(EXECUTIONS_URL, query, LAST_ID))

    assert params["created_at"] == ["gte:2026-12-04 19:00:00", "lt:2026-12-05 00:00:00.500000"]


def test_link_encodes_special_characters():
    query = parse("limit=2&workflow_name=a%26b%3Dc%2B d%25&description=has:%23x?")

    link = build_next_link(EXECUTIONS_URL, query, LAST_ID)

    assert "workflow_name=eq:a%26b%3Dc%2B%20d%25" in link
    assert "description=has:%23x%3F" in link


def test_link_formats_bools_and_times():
    query = parse("limit=2&processed=yes&started_at=2026-12-04T19:30:51+00:00".replace("+", "%2B"), "tasks")

    params = link_params(build_next_link(TASKS_URL, query, LAST_ID))

    assert params["processed"] == "eq:true"
    assert params["started_at"] == "eq:2026-12-04 19:30:51"


def test_sub_collection_links_to_flat_collection():
    query = parse("limit=10&sort_keys=created_at&sort_dirs=desc&fields=name", "tasks")
    parent = (Filter("workflow_execution_id", "eq", PARENT_ID),)

    link = build_next_link(TASKS_URL, query, LAST_ID, extra_filters=parent)

    assert link.startswith(TASKS_URL + "?")
    assert f"workflow_execution_id=eq:{PARENT_ID}" in link


QUERIES = [
    ("executions", "limit=3"),
    ("executions", "limit=3&sort_keys=state,updated_at&sort_dirs=desc,asc&nulls=updated_at"),
    ("executions", "limit=3&state=nin:SUCCESS,ERROR&workflow_name=has:%25_x&tags=prod,eu&fields=params,state"),
    ("executions", "limit=3&description=a:b&description=eq:in:c,d&project_id=neq:"),
    ("tasks", "limit=3&processed=false&type=in:ACTION&finished_at=lte:2026-12-04 19:30:51.000001"),
    ("tasks", "limit=3&created_at=in:2026-12-04 19:30:51,2026-12-04T20:00:00Z&name=gt:m&name=lte:z"),
    ("workflows", "limit=3&scope=public&input=has:retries=3, url&namespace="),
    ("environments", "limit=3&sort_keys=name&sort_dirs=desc&name=nin:a,b"),
    ("action_executions", "limit=3&accepted=true&task_execution_id=in:" + PARENT_ID),
]


@pytest.mark.parametrize("collection, query_string", QUERIES)
def test_link_parses_back_to_same_query(collection, query_string):
    query = parse(query_string.replace("+", "%2B"), collection)

    link = build_next_link("http://127.0.0.1:8989/v2/" + collection, query, LAST_ID)
    again = parse_list_query(link_params(link), collection)

    order = query.sort_order()
    expected = ListQuery(
        limit=query.limit,
        marker=LAST_ID,
        sort_keys=tuple(key for key, _ in order),
        sort_dirs=tuple(direction for _, direction in order),
        fields=query.fields,
        filters=query.filters,
        nulls=query.nulls,
    )
    assert again == expected


def test_link_parses_back_with_microseconds():
    value = datetime.datetime(2026, 12, 4, 19, 30, 51, 7)
    query = ListQuery(limit=1, filters=(Filter("created_at", "gt", value),))

    again = parse_list_query(link_params(build_next_link(EXECUTIONS_URL, query, LAST_ID)), "executions")

    assert again.filters == query.filters
