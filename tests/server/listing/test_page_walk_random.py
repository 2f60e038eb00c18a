"""Random tables, queries and page sizes: following ``next`` matches the reference.

Each case is seeded, so a failure names the seed that reproduces it.
"""

import itertools
import random
import urllib.parse

import pytest

from mistralclient_env.server.engine.query import Filter
from mistralclient_env.server.rest.listing import format_timestamp

SORTABLE = (
    "id",
    "name",
    "state",
    "state_info",
    "workflow_execution_id",
    "processed",
    "created_at",
    "updated_at",
    "started_at",
    "finished_at",
)
NULLABLE = ("state_info", "updated_at", "started_at", "finished_at")
TIMES = ("created_at", "updated_at", "started_at", "finished_at")
TEXTS = ("name", "state_info")
QUERIES_PER_TABLE = 25


def random_time_value(rng, rows, field):
    values = [row[field] for row in rows if row[field] is not None]
    if not values:
        return "2026-12-04 19:30:00"

    value = rng.choice(values)
    if rng.random() < 0.5:
        value = value.replace(microsecond=0)

    return format_timestamp(value)


def random_text_value(rng, rows, field):
    values = [row[field] for row in rows if row[field] is not None] or ["fetch"]
    value = rng.choice(values)

    if rng.random() < 0.3 and value:
        start = rng.randrange(len(value))
        value = value[start:start + rng.randint(1, 3)]

    return value


def random_filter(rng, rows):
    """Return one readable ``field=op:value`` filter whose values come from ``rows``."""
    field = rng.choice(TIMES + TEXTS + ("state", "processed", "workflow_execution_id", "tags"))

    if field in TIMES:
        op = rng.choice(["eq", "neq", "gt", "gte", "lt", "lte", "in", "nin"])
        count = rng.randint(1, 3) if op in ("in", "nin") else 1
        return f"{field}={op}:" + ",".join(random_time_value(rng, rows, field) for _ in range(count))

    if field in TEXTS:
        op = rng.choice(["eq", "neq", "gt", "gte", "lt", "lte", "in", "nin", "has"])
        count = rng.randint(1, 3) if op in ("in", "nin") else 1
        values = [random_text_value(rng, rows, field) for _ in range(count)]
        return f"{field}={op}:" + ",".join(value.replace(",", "") for value in values)

    if field == "state":
        op = rng.choice(["eq", "neq", "in", "nin"])
        states = rng.sample(["RUNNING", "SUCCESS", "ERROR", "WAITING", "SKIPPED", "PAUSED"], rng.randint(1, 3))
        return f"state={op}:" + (",".join(states) if op in ("in", "nin") else states[0])

    if field == "processed":
        return f"processed={rng.choice(['eq', 'neq'])}:{rng.choice(['true', 'false'])}"

    if field == "workflow_execution_id":
        op = rng.choice(["eq", "neq", "in", "nin"])
        ids = sorted({row[field] for row in rows}) or ["0b6a5c0e-6f53-4a57-9a3c-3b0d7f1c2a11"]
        chosen = rng.sample(ids, rng.randint(1, len(ids)))
        return f"{field}={op}:" + (",".join(chosen) if op in ("in", "nin") else chosen[0])

    return "tags=" + ",".join(rng.sample(["prod", "eu", "PROD", "été", "us"], rng.randint(1, 2)))


def random_query(rng, rows):
    """Return a readable query string: sort keys and directions, filters and nulls."""
    keys = rng.sample(SORTABLE, rng.randint(1, 3))
    dirs = [rng.choice(["asc", "desc"]) for _ in range(rng.randint(0, len(keys)))]
    parts = [f"sort_keys={','.join(keys)}"]

    if dirs:
        parts.append(f"sort_dirs={','.join(dirs)}")

    parts.extend(random_filter(rng, rows) for _ in range(rng.choice([0, 0, 1, 1, 2, 3])))

    if rng.random() < 0.3:
        parts.append("nulls=" + ",".join(rng.sample(NULLABLE, rng.randint(1, 2))))

    return "&".join(parts)


def encode(readable):
    pairs = [tuple(part.split("=", 1)) for part in readable.split("&") if part]
    return urllib.parse.urlencode(pairs, safe=":,", quote_via=urllib.parse.quote)


@pytest.mark.parametrize("seed", range(40))
def test_random_walks_match_reference(empty_task_table, walk, reference, make_rows, seed):
    rng = random.Random(seed)
    empty_task_table.insert(make_rows(seed=seed, count=rng.randint(0, 70)))
    rows = empty_task_table.rows

    for case in range(QUERIES_PER_TABLE):
        readable = random_query(rng, rows)
        limit = rng.randint(1, len(rows) + 2)
        parent = ()
        if rows and rng.random() < 0.2:
            parent = (Filter("workflow_execution_id", "eq", rng.choice(rows)["workflow_execution_id"]),)
        label = f"seed {seed}, case {case}: {readable}&limit={limit} under {parent}"

        pages, query = walk(empty_task_table, encode(f"{readable}&limit={limit}"), parent)
        listed = list(itertools.chain.from_iterable(pages))

        assert len(set(listed)) == len(listed), f"a row was listed twice for {label}"
        assert listed == reference(rows, query, parent), f"rows differ from the reference for {label}"
        assert all(len(page) == limit for page in pages[:-1]), f"a page before the last one is short for {label}"
