"""fetch_page rejects unknown markers and fields that its model cannot filter or sort."""

import pytest
from sqlalchemy.dialects import mysql, postgresql, sqlite

from mistralclient_env.server.db.query import build_page_statement, fetch_page
from mistralclient_env.server.engine.errors import InvalidInputError, NotFoundError
from mistralclient_env.server.engine.query import Filter, ListQuery

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


def fetch(table, query, extra_filters=()):
    with table.session() as session:
        return fetch_page(session, table.model, query, extra_filters)


def test_unknown_marker_not_found(task_table):
    with pytest.raises(NotFoundError) as caught:
        fetch(task_table, ListQuery(limit=5, marker=UNKNOWN_ID))

    assert UNKNOWN_ID in str(caught.value)


def test_marker_that_no_longer_matches_filters(task_table, reference):
    # The marker row is ERROR, the filter keeps only SUCCESS: the page still starts after it.
    rows = task_table.rows
    marker = next(row for row in rows if row["state"] == "ERROR")
    query = ListQuery(limit=1000, filters=(Filter("state", "eq", "SUCCESS"),))
    everything = reference(rows, ListQuery(limit=1000))
    later_ids = set(everything[everything.index(marker["id"]) + 1:])

    page = fetch(task_table, ListQuery(limit=1000, marker=marker["id"], filters=query.filters))

    assert [row.id for row in page] == [row_id for row_id in reference(rows, query) if row_id in later_ids]


@pytest.mark.parametrize(
    "query, words",
    [
        (ListQuery(sort_keys=("colour",)), ["sort by colour", "no such field"]),
        (ListQuery(sort_keys=("result",)), ["sort by result", "JSON"]),
        (ListQuery(filters=(Filter("colour", "eq", "red"),)), ["filter by colour", "no such field"]),
        (ListQuery(filters=(Filter("result", "eq", "x"),)), ["filter by result", "JSON"]),
        (ListQuery(filters=(Filter("tags", "has", "prod"),)), ["filter by tags with has", "JSON"]),
        (ListQuery(nulls=("colour",)), ["nulls of colour", "no such field"]),
        (ListQuery(nulls=("result",)), ["nulls of result", "JSON"]),
    ],
)
def test_invalid_query_for_model(task_table, query, words):
    with pytest.raises(InvalidInputError) as caught:
        fetch(task_table, query)

    for word in words:
        assert word in str(caught.value)


def test_invalid_extra_filter(task_table):
    with pytest.raises(InvalidInputError) as caught:
        fetch(task_table, ListQuery(), extra_filters=(Filter("task_execution_id", "eq", UNKNOWN_ID),))

    assert "task_execution_id" in str(caught.value)


def test_limit_one_returns_one_row(task_table):
    assert len(fetch(task_table, ListQuery(limit=1))) == 1


@pytest.mark.parametrize("dialect", [postgresql.dialect(), mysql.dialect(), sqlite.dialect()], ids=lambda d: d.name)
def test_statement_compiles_for_dialect(task_table, dialect):
    with task_table.session() as session:
        marker_row = session.get(task_table.model, task_table.rows[0]["id"])
        query = ListQuery(
            limit=10,
            marker=marker_row.id,
            sort_keys=("updated_at", "processed", "name"),
            sort_dirs=("desc", "asc", "desc"),
            filters=(Filter("name", "has", "50%_"), Filter("tags", "eq", ("prod", "été")), Filter("state", "nin", ("ERROR",))),
            nulls=("updated_at",),
        )
        statement = build_page_statement(task_table.model, query, marker_row=marker_row)

    sql = str(statement.compile(dialect=dialect))

    assert "ORDER BY CASE WHEN" in sql
    assert "NULLS" not in sql
