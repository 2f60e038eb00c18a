"""Following ``next`` returns every matching row once, in order, for each sort and filter."""

import itertools
import urllib.parse

import pytest

from mistralclient_env.server.engine.query import Filter

EXECUTION_ID = "5d2e8f7a-1c4b-4e2f-8a9d-6b7c8d9e0f22"
OTHER_EXECUTION_ID = "9f1e2d3c-4b5a-4978-8695-a4b3c2d1e033"

SORTS = [
    "sort_keys=created_at&sort_dirs=asc",
    "sort_keys=created_at&sort_dirs=desc",
    "sort_keys=updated_at&sort_dirs=asc",
    "sort_keys=updated_at&sort_dirs=desc",
    "sort_keys=state,updated_at&sort_dirs=asc,desc",
    "sort_keys=state_info,created_at&sort_dirs=desc,desc",
    "sort_keys=name,finished_at,started_at&sort_dirs=desc,asc",
    "sort_keys=processed,state_info&sort_dirs=desc",
    "sort_keys=workflow_execution_id,id&sort_dirs=asc,desc",
    "sort_keys=id&sort_dirs=desc",
]

FILTERS = [
    "",
    "state=ERROR",
    "state=eq:ERROR",
    "state=neq:SUCCESS",
    "state=in:ERROR,WAITING",
    "state=nin:ERROR,SKIPPED,RUNNING",
    "state_info=neq:Timed out",
    "state_info=in:Timed out,x_y",
    "state_info=nin:x_y",
    "state_info=has:TIMED",
    "state_info=has:%",
    "name=has:_",
    "name=has:a_b",
    "name=has:%_",
    "name=gt:fetch",
    "name=lte:fetch_all",
    "name=eq:",
    f"workflow_execution_id={EXECUTION_ID}",
    f"workflow_execution_id=nin:{EXECUTION_ID},{OTHER_EXECUTION_ID}",
    "created_at=2026-12-04 19:30:05",
    "created_at=neq:2026-12-04 19:30:05",
    "created_at=gt:2026-12-04 19:30:05",
    "created_at=gte:2026-12-04T19:30:05Z",
    "created_at=lt:2026-12-04 19:30:05.250000",
    "created_at=lte:2026-12-04 19:30:05",
    "created_at=in:2026-12-04 19:30:01,2026-12-04 19:30:09",
    "created_at=gte:2026-12-04 19:30:03&created_at=lt:2026-12-04 19:30:08",
    "updated_at=gt:2026-12-04 20:30:06+01:00",
    "processed=true",
    "processed=neq:true",
    "tags=prod",
    "tags=eq:prod,eu",
    "tags=PROD",
    "tags=été",
    "nulls=updated_at",
    "nulls=state_info,started_at",
    "nulls=updated_at&updated_at=lt:2026-12-04 19:30:06",
    "nulls=finished_at&state=in:ERROR,RUNNING",
    "state=in:ERROR,SUCCESS&state_info=has:out&processed=false",
    "fields=name,state&state=neq:ERROR",
]


def encode(readable):
    """Percent-encode a readable query string such as ``state_info=has:50% done``."""
    pairs = [tuple(part.split("=", 1)) for part in readable.split("&") if part]
    return urllib.parse.urlencode(pairs, safe=":,", quote_via=urllib.parse.quote)


def check_walk(task_table, walk, reference, readable_query, limit, extra_filters=()):
    pages, query = walk(task_table, encode(f"{readable_query}&limit={limit}"), extra_filters)
    listed = list(itertools.chain.from_iterable(pages))
    expected = reference(task_table.rows, query, extra_filters)

    assert len(set(listed)) == len(listed), "a row was listed twice"
    assert listed == expected, "rows differ from the reference order"
    assert all(len(page) == limit for page in pages[:-1]), "a page before the last one is short"
    assert len(pages[-1]) < limit, "the walk stopped on a full page"


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("sort", SORTS)
def test_walk_every_page(task_table, walk, reference, sort, filters):
    check_walk(task_table, walk, reference, f"{sort}&{filters}", limit=7)


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("limit", [1, 2, 89, 90, 91])
def test_walk_page_sizes(task_table, walk, reference, sort, limit):
    check_walk(task_table, walk, reference, sort, limit)


@pytest.mark.parametrize("filters", ["", "nulls=updated_at", "state=in:ERROR,SUCCESS"])
@pytest.mark.parametrize("sort", SORTS[:5])
def test_walk_sub_collection(task_table, walk, reference, sort, filters):
    parent = (Filter("workflow_execution_id", "eq", EXECUTION_ID),)

    check_walk(task_table, walk, reference, f"{sort}&{filters}", limit=3, extra_filters=parent)


def test_walk_without_limit_one_page(task_table, walk, reference):
    pages, query = walk(task_table, encode("sort_keys=updated_at&sort_dirs=desc"))

    assert len(pages) == 1
    assert pages[0] == reference(task_table.rows, query)


def test_walk_default_sort_created_at(task_table, walk, reference):
    pages, query = walk(task_table, "limit=10")

    assert query.sort_order() == (("created_at", "asc"), ("id", "asc"))
    assert [row_id for page in pages for row_id in page] == reference(task_table.rows, query)


def test_walk_python_mistralclient_task_list(task_table, walk, reference):
    # The query of python-mistralclient's task-list, with a limit of 40
    # instead of 100 so that the 90 rows span three pages.
    query_string = (
        "limit=40&sort_keys=created_at&sort_dirs=desc&fields=id%2Cname%2Cworkflow_name%2Cworkflow_namespace"
        "%2Cworkflow_execution_id%2Cstate%2Cstate_info%2Ccreated_at%2Cstarted_at%2Cfinished_at"
    )
    pages, query = walk(task_table, query_string)

    assert [row_id for page in pages for row_id in page] == reference(task_table.rows, query)
    assert len(pages) == 3


def test_reference_has_matches(task_table, reference, walk):
    # Guards the grid above against filters that match nothing or everything.
    _, query = walk(task_table, encode("state_info=has:out"))
    matched = reference(task_table.rows, query)

    assert 0 < len(matched) < len(task_table.rows)
