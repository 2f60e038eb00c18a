"""Measure list queries: time per page while following ``next`` through a task table.

Fills a SQLite file with task executions (the server's own model), then for
each query walks every page the way a client following ``next`` does: parse
the query string, fetch the page, build the next link. Prints the median and
99th percentile time per page and the pages per second.

    .venv/bin/python benchmarks/listing.py [--rows 20000] [--limit 100]

The figures depend on the machine and on SQLite's version; nothing here is
asserted.
"""

import argparse
import datetime
import random
import statistics
import tempfile
import time
import urllib.parse
import uuid

import falcon.uri
import sqlalchemy
from sqlalchemy.orm import Session

from mistralclient_env.server.db import models
from mistralclient_env.server.db.query import fetch_page
from mistralclient_env.server.engine.query import Filter
from mistralclient_env.server.rest.listing import build_next_link, parse_list_query

TASKS_URL = "http://127.0.0.1:8989/v2/tasks"
STATES = ("SUCCESS", "SUCCESS", "SUCCESS", "ERROR", "RUNNING", "WAITING")


def fill_tasks(engine, row_count, execution_count):
    rng = random.Random(1)
    execution_ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(execution_count)]
    start = datetime.datetime(2026, 12, 4, 19, 0, 0)
    rows = []

    for index in range(row_count):
        created_at = start + datetime.timedelta(seconds=index // 3, microseconds=rng.randrange(1000000))
        rows.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "name": f"task_{index % 40}",
                "workflow_name": "outage_wf",
                "workflow_execution_id": rng.choice(execution_ids),
                "root_execution_id": execution_ids[0],
                "state": rng.choice(STATES),
                "state_info": rng.choice([None, None, "Timed out"]),
                "created_at": created_at,
                "updated_at": rng.choice([None, created_at + datetime.timedelta(seconds=2)]),
            }
        )

    with Session(engine) as session, session.begin():
        session.execute(sqlalchemy.insert(models.TaskExecution), rows)

    return execution_ids


def walk(engine, query_string, extra_filters=()):
    """Follow ``next`` from ``query_string``; return the row count and the seconds per page."""
    durations = []
    row_count = 0

    while query_string is not None:
        started = time.perf_counter()

        params = falcon.uri.parse_query_string(query_string, keep_blank=True, csv=False)
        query = parse_list_query(params, "tasks")
        with Session(engine) as session:
            ids = [row.id for row in fetch_page(session, models.TaskExecution, query, extra_filters)]

        query_string = None
        if query.limit is not None and len(ids) == query.limit:
            link = build_next_link(TASKS_URL, query, ids[-1], extra_filters)
            query_string = urllib.parse.urlsplit(link).query
            extra_filters = ()

        durations.append(time.perf_counter() - started)
        row_count += len(ids)

    return row_count, durations


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000, help="task executions in the table (default 20000)")
    parser.add_argument("--limit", type=int, default=100, help="rows per page (default 100)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        engine = sqlalchemy.create_engine(f"sqlite:///{directory}/tasks.db")
        models.Base.metadata.create_all(engine)
        execution_ids = fill_tasks(engine, args.rows, execution_count=20)

        limit = f"limit={args.limit}"
        cases = [
            ("created_at desc (client default)", f"{limit}&sort_keys=created_at&sort_dirs=desc", ()),
            ("updated_at desc, nulls last", f"{limit}&sort_keys=updated_at&sort_dirs=desc", ()),
            ("state, name asc", f"{limit}&sort_keys=state,name", ()),
            ("state=in:ERROR,RUNNING", f"{limit}&sort_keys=created_at&sort_dirs=desc&state=in:ERROR,RUNNING", ()),
            ("nulls=state_info", f"{limit}&nulls=state_info", ()),
            (
                "one execution's tasks",
                f"{limit}&sort_keys=created_at&sort_dirs=desc",
                (Filter("workflow_execution_id", "eq", execution_ids[3]),),
            ),
        ]

        print(f"SQLite {engine.dialect.dbapi.sqlite_version}, {args.rows} tasks, limit {args.limit}")
        print(f"{'query':36} {'rows':>7} {'pages':>6} {'median ms':>10} {'p99 ms':>8} {'pages/s':>8}")

        for label, query_string, extra_filters in cases:
            row_count, durations = walk(engine, query_string, extra_filters)
            ordered = sorted(durations)
            p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]

            print(
                f"{label:36} {row_count:7d} {len(durations):6d} {statistics.median(durations) * 1000:10.2f} "
                f"{p99 * 1000:8.2f} {len(durations) / sum(durations):8.0f}"
            )

        engine.dispose()


if __name__ == "__main__":
    main()
