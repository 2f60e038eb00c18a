"""List parameters that the database could not bind are rejected with a 400, never run into a 500.

SQLite binds integers up to 2**63-1 and dates from year 1 to 9999;
PostgreSQL rejects NUL characters in text.
"""

import datetime

import falcon.uri
import pytest

from mistralclient_env.server.db.query import fetch_page
from mistralclient_env.server.engine.errors import InvalidInputError
from mistralclient_env.server.engine.query import Filter, ListQuery
from mistralclient_env.server.rest.listing import MAX_LIMIT, parse_list_query


def parse(query_string, collection="executions"):
    params = falcon.uri.parse_query_string(query_string, keep_blank=True, csv=False)
    return parse_list_query(params, collection)


@pytest.mark.parametrize("limit", [
    str(MAX_LIMIT + 1),
    "9223372036854775808",
    "99999999999999999999",
    "9" * 5000,
])
def test_limit_over_the_maximum_is_rejected(limit):
    with pytest.raises(InvalidInputError) as caught:
        parse(f"limit={limit}")

    assert f"the maximum is {MAX_LIMIT}" in str(caught.value)
    assert limit[:20] in str(caught.value)


@pytest.mark.parametrize("limit, expected", [(str(MAX_LIMIT), MAX_LIMIT), ("0007", 7)])
def test_limit_up_to_the_maximum_is_accepted(limit, expected):
    assert parse(f"limit={limit}").limit == expected


@pytest.mark.parametrize("value", [
    "99999-01-01",
    "0000-01-01",
    "0001-01-01T00:00:00%2B01:00",
    "9999-12-31T23:59:59-01:00",
    "2026-01-01T00:00:00%2B99:00",
    "2026-01-01T00:00:00%2B01:75",
])
def test_time_outside_the_range_is_rejected(value):
    with pytest.raises(InvalidInputError) as caught:
        parse(f"created_at=gt:{value}")

    assert "Invalid time" in str(caught.value)


@pytest.mark.parametrize("query_string", [
    "workflow_name=a%00b",
    "workflow_name=has:%00",
    "description=in:a,%00",
    "tags=a%00",
])
def test_nul_character_in_a_filter_is_rejected(query_string):
    with pytest.raises(InvalidInputError) as caught:
        parse(query_string)

    assert "NUL character" in str(caught.value)


@pytest.mark.parametrize("op", ["eq", "neq", "gt", "gte", "lt", "lte"])
def test_last_second_of_year_9999_can_be_queried(task_table, op):
    query = ListQuery(limit=5, filters=(Filter("created_at", op, datetime.datetime(9999, 12, 31, 23, 59, 59)),))

    with task_table.session() as session:
        rows = fetch_page(session, task_table.model, query)

    assert isinstance(rows, list)


def test_last_second_of_year_9999_parses():
    query = parse("created_at=gt:9999-12-31 23:59:59")

    assert query.filters[0].value == datetime.datetime(9999, 12, 31, 23, 59, 59)
