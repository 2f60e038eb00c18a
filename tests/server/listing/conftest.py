"""Fixtures for list queries: a task table on a real database, and a reference.

The table follows the db models' convention: attribute names are wire field
names, JSON fields are JSON columns, times are naive UTC datetimes and ids are
UUID strings. Rows come from a seeded generator that draws from small pools,
so sort values tie often and nullable fields are often null.

``expected_ids`` is an independent reference for the matching and ordering
rules, written in plain Python over the generated dicts. ``walk_pages`` lists
through the real parse, fetch and next-link code, the way a client follows
``next``.

The tests use a SQLite file in a temporary directory. To run them against
another database, set LISTING_TEST_DATABASE_URL to a SQLAlchemy URL of an
empty database (for example a local PostgreSQL).
"""

import datetime
import os
import random
import urllib.parse
import uuid

import falcon.uri
import pytest
import sqlalchemy
from sqlalchemy import JSON, Boolean, DateTime, String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from mistralclient_env.server.db.query import fetch_page
from mistralclient_env.server.rest.listing import build_next_link, parse_list_query

TASKS_URL = "http://127.0.0.1:8989/v2/tasks"

EXECUTION_IDS = (
    "0b6a5c0e-6f53-4a57-9a3c-3b0d7f1c2a11",
    "5d2e8f7a-1c4b-4e2f-8a9d-6b7c8d9e0f22",
    "9f1e2d3c-4b5a-4978-8695-a4b3c2d1e033",
)

BASE_TIME = datetime.datetime(2026, 12, 4, 19, 30, 0)


class Base(DeclarativeBase):
    pass


class TaskExecution(Base):
    __tablename__ = "task_executions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(20))
    state_info: Mapped[str | None] = mapped_column(String(1024))
    workflow_execution_id: Mapped[str] = mapped_column(String(36))
    processed: Mapped[bool] = mapped_column(Boolean)
    tags: Mapped[list | None] = mapped_column(JSON)
    result: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    started_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)


NAMES = ("fetch", "fetch_all", "Fetch", "report", "50%_done", "a_b", "a%b", "notify", "")
STATES = ("RUNNING", "SUCCESS", "ERROR", "WAITING", "SKIPPED")
STATE_INFOS = (None, None, None, "Timed out", "timed out after 5 s", "Connection refused", "50% done", "x_y")
TAG_SETS = ([], ["prod"], ["prod", "eu"], ["Prod"], ["eu"], ["été"], ["prod", "été", "us"])
FRACTIONS = (0, 0, 0, 250000, 999999)


def make_task_rows(seed, count):
    """Return ``count`` task rows as dicts, drawn with ``random.Random(seed)``."""
    rng = random.Random(seed)
    rows = []

    for _ in range(count):
        created_at = BASE_TIME + datetime.timedelta(seconds=rng.randrange(12), microseconds=rng.choice(FRACTIONS))
        updated_at = rng.choice([None, created_at + datetime.timedelta(seconds=rng.randrange(4))])
        started_at = rng.choice([None, created_at])
        finished_at = None if started_at is None else rng.choice([None, started_at + datetime.timedelta(seconds=3)])

        rows.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "name": rng.choice(NAMES),
                "state": rng.choice(STATES),
                "state_info": rng.choice(STATE_INFOS),
                "workflow_execution_id": rng.choice(EXECUTION_IDS),
                "processed": rng.choice([True, False]),
                "tags": list(rng.choice(TAG_SETS)),
                "result": rng.choice([None, {"status": 200}, {"token": "never-listed"}]),
                "created_at": created_at,
                "updated_at": updated_at,
                "started_at": started_at,
                "finished_at": finished_at,
            }
        )

    return rows


class TaskTable:
    """A task_executions table filled with ``rows``, and sessions on it."""

    def __init__(self, engine, rows):
        self.engine = engine
        self.rows = rows
        self.model = TaskExecution

    def session(self):
        return Session(self.engine)

    def insert(self, rows):
        with self.session() as session, session.begin():
            session.add_all(TaskExecution(**row) for row in rows)
        self.rows = self.rows + list(rows)

    def clear(self):
        with self.session() as session, session.begin():
            session.execute(sqlalchemy.delete(TaskExecution))
        self.rows = []


def _create_table(url):
    engine = sqlalchemy.create_engine(url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    return engine


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    return os.environ.get("LISTING_TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('listing')}/tasks.db"


@pytest.fixture(scope="module")
def task_table(database_url):
    """A table of 90 generated tasks, shared by the tests of one module, which must not change it."""
    engine = _create_table(database_url)
    table = TaskTable(engine, [])
    table.insert(make_task_rows(seed=20261204, count=90))

    yield table

    engine.dispose()


@pytest.fixture()
def empty_task_table(tmp_path):
    """An empty table that a test fills and changes as it likes.

    With LISTING_TEST_DATABASE_URL set, it is the same table as ``task_table``:
    a module must not use both.
    """
    url = os.environ.get("LISTING_TEST_DATABASE_URL") or f"sqlite:///{tmp_path}/tasks.db"
    engine = _create_table(url)

    yield TaskTable(engine, [])

    engine.dispose()


# Reference rules.

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _fold(text):
    # SQLite's lower() folds only ASCII letters, so the reference does the same.
    return text.translate(_ASCII_LOWER)


def _equals(value, expected):
    if value is None:
        return False
    if isinstance(expected, datetime.datetime) and expected.microsecond == 0:
        return expected <= value < expected + datetime.timedelta(seconds=1)
    return value == expected


def _matches(value, condition):
    op, expected = condition.op, condition.value

    if condition.field == "tags":
        return value is not None and all(_fold(tag) in [_fold(item) for item in value] for tag in expected)
    if op == "eq":
        return _equals(value, expected)
    if op == "neq":
        return not _equals(value, expected)
    if op == "in":
        return any(_equals(value, item) for item in expected)
    if op == "nin":
        return not any(_equals(value, item) for item in expected)
    if op == "has":
        return value is not None and _fold(expected) in _fold(value)
    if value is None:
        return False

    whole_second = isinstance(expected, datetime.datetime) and expected.microsecond == 0
    next_second = expected + datetime.timedelta(seconds=1) if whole_second else None
    if op == "gt":
        return value >= next_second if whole_second else value > expected
    if op == "gte":
        return value >= expected
    if op == "lt":
        return value < expected
    if op == "lte":
        return value < next_second if whole_second else value <= expected
    raise AssertionError(op)


def _row_matches(row, query, extra_filters):
    fields = dict.fromkeys([condition.field for condition in query.filters] + list(query.nulls))

    for field in fields:
        conditions = [condition for condition in query.filters if condition.field == field]
        passes = all(_matches(row[field], condition) for condition in conditions)

        if field in query.nulls:
            passes = row[field] is None or (bool(conditions) and passes)
        if not passes:
            return False

    return all(_matches(row[condition.field], condition) for condition in extra_filters)


def _sort_value(value):
    # Null sorts before every value.
    return (0,) if value is None else (1, value)


def expected_ids(rows, query, extra_filters=()):
    """Return the ids of every row matching ``query``, in the query's order, by the reference rules."""
    matching = [row for row in rows if _row_matches(row, query, extra_filters)]

    # Stable sorts from the last key to the first give the combined order.
    for key, direction in reversed(query.sort_order()):
        matching.sort(key=lambda row: _sort_value(row[key]), reverse=direction == "desc")

    return [row["id"] for row in matching]


def walk_pages(table, query_string, extra_filters=(), collection="tasks", max_pages=500):
    """List ``query_string`` page by page as a client following ``next`` would.

    The first request may carry ``extra_filters`` (a sub-collection); later
    requests are parsed from the ``next`` link alone, on the flat collection.
    Returns ``(pages, first_query)``: a list of id lists, one per page.
    """
    pages = []
    first_query = None
    next_query_string = query_string
    page_filters = extra_filters

    while next_query_string is not None:
        params = falcon.uri.parse_query_string(next_query_string, keep_blank=True, csv=False)
        query = parse_list_query(params, collection)
        first_query = first_query or query

        with table.session() as session:
            ids = [row.id for row in fetch_page(session, table.model, query, page_filters)]
        pages.append(ids)

        if query.limit is None or len(ids) < query.limit:
            next_query_string = None
        else:
            link = build_next_link(TASKS_URL, query, ids[-1], page_filters)
            next_query_string = urllib.parse.urlsplit(link).query
            page_filters = ()

        assert len(pages) <= max_pages, f"more than {max_pages} pages for {query_string}"

    return pages, first_query


@pytest.fixture()
def make_rows():
    return make_task_rows


@pytest.fixture()
def reference():
    return expected_ids


@pytest.fixture()
def walk():
    return walk_pages
