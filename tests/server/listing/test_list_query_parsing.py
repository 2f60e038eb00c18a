"""parse_list_query: which query strings a list endpoint accepts, and how it rejects the rest."""

import datetime

import falcon.uri
import pytest

from mistralclient_env.server.engine.errors import InvalidInputError
from mistralclient_env.server.engine.query import Filter, ListQuery
from mistralclient_env.server.rest.listing import RESOURCE_FIELDS, parse_list_query

EXECUTION_ID = "0b6a5c0e-6f53-4a57-9a3c-3b0d7f1c2a11"
TASK_ID = "5d2e8f7a-1c4b-4e2f-8a9d-6b7c8d9e0f22"

EXECUTION_LIST_FIELDS = (
    "id%2Cworkflow_id%2Cworkflow_name%2Cworkflow_namespace%2Cdescription%2Ctask_execution_id"
    "%2Croot_execution_id%2Cstate%2Cstate_info%2Ccreated_at%2Cupdated_at"
)
TASK_LIST_FIELDS = (
    "id%2Cname%2Cworkflow_name%2Cworkflow_namespace%2Cworkflow_execution_id%2Cstate%2Cstate_info"
    "%2Ccreated_at%2Cstarted_at%2Cfinished_at"
)


def parse(query_string, collection="executions", **options):
    params = falcon.uri.parse_query_string(query_string, keep_blank=True, csv=False)
    return parse_list_query(params, collection, **options)


# Query strings exactly as python-mistralclient 6.3.0 sends them: its
# _build_query_params encodes with urlencode (commas as %2C, spaces as +).
CLIENT_QUERIES = [
    ("executions", f"limit=100&sort_keys=created_at&sort_dirs=desc&fields={EXECUTION_LIST_FIELDS}"),
    ("executions", f"limit=100&sort_keys=created_at&sort_dirs=desc&fields={EXECUTION_LIST_FIELDS}&nulls=root_execution_id"),
    ("executions", f"limit=100&sort_keys=created_at&sort_dirs=desc&fields={EXECUTION_LIST_FIELDS}&task_execution_id={TASK_ID}"),
    ("executions", f"limit=100&sort_keys=created_at&sort_dirs=asc&fields={EXECUTION_LIST_FIELDS}"),
    ("executions", f"marker={EXECUTION_ID}&limit=5&sort_keys=created_at&sort_dirs=asc&fields={EXECUTION_LIST_FIELDS}"),
    ("executions", f"limit=100&sort_keys=id%2Cdescription&sort_dirs=asc&fields={EXECUTION_LIST_FIELDS}"),
    (
        "executions",
        f"limit=100&sort_keys=created_at&sort_dirs=desc&fields={EXECUTION_LIST_FIELDS}"
        "&state=ERROR&workflow_name=outage_wf&created_at=gt%3A2026-12-04+19%3A30%3A51",
    ),
    ("tasks", f"limit=100&sort_keys=created_at&sort_dirs=desc&fields={TASK_LIST_FIELDS}"),
    ("tasks", f"limit=100&sort_keys=created_at&sort_dirs=desc&fields={TASK_LIST_FIELDS}&state=in%3AERROR%2CRUNNING"),
    (
        "workflows",
        "sort_keys=created_at&sort_dirs=asc"
        "&fields=id%2Cname%2Cnamespace%2Cproject_id%2Ctags%2Cinput%2Cscope%2Ccreated_at%2Cupdated_at",
    ),
    ("workflows", "sort_keys=created_at&sort_dirs=asc&namespace=ops"),
    (
        "environments",
        "sort_keys=created_at&sort_dirs=asc&fields=name%2Cdescription%2Cvariables%2Cscope%2Ccreated_at%2Cupdated_at",
    ),
    ("action_executions", "limit=100&sort_keys=created_at&sort_dirs=desc"),
    ("action_executions", "limit=100&sort_keys=created_at&sort_dirs=desc&state=ERROR&accepted=False"),
]


@pytest.mark.parametrize("collection, query_string", CLIENT_QUERIES)
def test_python_mistralclient_query_parses(collection, query_string):
    query = parse(query_string, collection)

    assert isinstance(query, ListQuery)


def test_execution_list_query_values():
    query = parse(f"limit=100&sort_keys=created_at&sort_dirs=desc&fields={EXECUTION_LIST_FIELDS}&nulls=root_execution_id")

    assert query.limit == 100
    assert query.sort_keys == ("created_at",)
    assert query.sort_dirs == ("desc",)
    assert query.fields[:3] == ("id", "workflow_id", "workflow_name")
    assert query.nulls == ("root_execution_id",)
    assert query.filters == ()


def test_sub_execution_parameters_ignored():
    query = parse("max_depth=-1&errors_only=", ignore=("max_depth", "errors_only"))

    assert query == ListQuery()


def test_mistral_only_parameters_ignored():
    query = parse("all_projects=true&include_output=true")

    assert query == ListQuery()


def test_default_sort_from_caller():
    query = parse("", "environments", default_sort=("name", "desc"))

    assert query.sort_order() == (("name", "desc"), ("id", "asc"))


def test_sort_dirs_without_keys_apply_to_default_key():
    query = parse("sort_dirs=desc")

    assert query.sort_order() == (("created_at", "desc"), ("id", "asc"))


ACCEPTED = [
    ("limit=1", "limit", 1),
    ("limit=", "limit", None),
    (f"marker={EXECUTION_ID.upper()}", "marker", EXECUTION_ID),
    (f"marker={EXECUTION_ID.replace('-', '')}", "marker", EXECUTION_ID),
    ("marker=", "marker", None),
    ("sort_keys=state,created_at", "sort_dirs", ("asc", "asc")),
    ("sort_keys=state,created_at&sort_dirs=desc", "sort_dirs", ("desc", "asc")),
    ("sort_keys=State,+created_at+&sort_dirs=DESC,", "sort_keys", ("state", "created_at")),
    ("sort_keys=id&sort_dirs=desc", "sort_order", (("id", "desc"),)),
    ("sort_keys=workflow_name,id,state", "sort_order", (("workflow_name", "asc"), ("id", "asc"), ("state", "asc"))),
    ("fields=state,workflow_name", "fields", ("id", "state", "workflow_name")),
    ("fields=state,id,state", "fields", ("state", "id")),
    ("fields=params,output", "fields", ("id", "params", "output")),
    ("fields=", "fields", ()),
    ("nulls=root_execution_id,updated_at", "nulls", ("root_execution_id", "updated_at")),
    ("nulls=", "nulls", ()),
    ("state=ERROR", "filters", (Filter("state", "eq", "ERROR"),)),
    ("state=eq:ERROR", "filters", (Filter("state", "eq", "ERROR"),)),
    ("state=neq:SUCCESS", "filters", (Filter("state", "neq", "SUCCESS"),)),
    ("state=in:ERROR,PAUSED", "filters", (Filter("state", "in", ("ERROR", "PAUSED")),)),
    ("state=nin:SUCCESS", "filters", (Filter("state", "nin", ("SUCCESS",)),)),
    ("workflow_name=has:out%25", "filters", (Filter("workflow_name", "has", "out%"),)),
    ("workflow_name=a:b", "filters", (Filter("workflow_name", "eq", "a:b"),)),
    ("workflow_name=eq:in:x", "filters", (Filter("workflow_name", "eq", "in:x"),)),
    ("workflow_name=eq:a,b", "filters", (Filter("workflow_name", "eq", "a,b"),)),
    ("workflow_name=in:a,,b", "filters", (Filter("workflow_name", "in", ("a", "", "b")),)),
    ("workflow_name=", "filters", (Filter("workflow_name", "eq", ""),)),
    ("description=gt:m&description=lt:t", "filters", (Filter("description", "gt", "m"), Filter("description", "lt", "t"))),
    (f"workflow_id={EXECUTION_ID.upper()}", "filters", (Filter("workflow_id", "eq", EXECUTION_ID),)),
    (f"root_execution_id=in:{EXECUTION_ID},{TASK_ID}", "filters", (Filter("root_execution_id", "in", (EXECUTION_ID, TASK_ID)),)),
    ("task_execution_id=has:5d2e", "filters", (Filter("task_execution_id", "has", "5d2e"),)),
    ("created_at=2026-12-04 19:30:51", "filters", (Filter("created_at", "eq", datetime.datetime(2026, 12, 4, 19, 30, 51)),)),
    ("created_at=gte:2026-12-04T19:30:51Z", "filters", (Filter("created_at", "gte", datetime.datetime(2026, 12, 4, 19, 30, 51)),)),
    (
        "created_at=lt:2026-12-04T21:30:51.5%2B02:00",
        "filters",
        (Filter("created_at", "lt", datetime.datetime(2026, 12, 4, 19, 30, 51, 500000)),),
    ),
    ("updated_at=lte:2026-12-04T19:30-0130", "filters", (Filter("updated_at", "lte", datetime.datetime(2026, 12, 4, 21, 0)),)),
    ("updated_at=gt:2026-12-04", "filters", (Filter("updated_at", "gt", datetime.datetime(2026, 12, 4)),)),
    ("tags=prod", "filters", (Filter("tags", "eq", ("prod",)),)),
    ("tags=eq:prod,eu", "filters", (Filter("tags", "eq", ("prod", "eu")),)),
]


@pytest.mark.parametrize("query_string, attribute, expected", ACCEPTED)
def test_accepted_query(query_string, attribute, expected):
    query = parse(query_string)
    value = query.sort_order() if attribute == "sort_order" else getattr(query, attribute)

    assert value == expected


@pytest.mark.parametrize(
    "collection, query_string, filters",
    [
        ("tasks", "type=WORKFLOW", (Filter("type", "eq", "WORKFLOW"),)),
        ("tasks", "processed=true", (Filter("processed", "eq", True),)),
        ("tasks", "processed=neq:False", (Filter("processed", "neq", False),)),
        ("tasks", "state=in:DELAYED,SKIPPED", (Filter("state", "in", ("DELAYED", "SKIPPED")),)),
        ("action_executions", "accepted=0", (Filter("accepted", "eq", False),)),
        ("workflows", "scope=public", (Filter("scope", "eq", "public"),)),
        ("workflows", "input=has:retries", (Filter("input", "has", "retries"),)),
        ("environments", "name=in:prod,staging", (Filter("name", "in", ("prod", "staging")),)),
    ],
)
def test_accepted_filter_per_collection(collection, query_string, filters):
    assert parse(query_string, collection).filters == filters


REJECTED = [
    # (query string, words the message must contain)
    ("limit=0", ["limit", "'0'", "positive"]),
    ("limit=-3", ["limit", "'-3'"]),
    ("limit=ten", ["limit", "'ten'"]),
    ("limit=%2B5", ["limit", "'+5'"]),
    ("limit=1.5", ["limit", "'1.5'"]),
    ("limit=1&limit=2", ["limit", "2 times"]),
    ("marker=42", ["marker", "'42'", "UUID"]),
    (f"marker={EXECUTION_ID}&marker={TASK_ID}", ["marker", "2 times"]),
    ("sort_keys=colour", ["sort key", "'colour'", "created_at"]),
    ("sort_keys=params", ["sort key", "'params'", "json"]),
    ("sort_keys=tags", ["sort key", "'tags'", "tags values"]),
    ("sort_keys=state,state", ["'state'", "more than once"]),
    ("sort_dirs=up", ["sort direction", "'up'", "asc or desc"]),
    ("sort_keys=state&sort_dirs=asc,desc", ["sort_dirs has 2", "sort_keys has 1"]),
    ("fields=colour", ["field", "'colour'", "fields"]),
    ("nulls=colour", ["'colour'", "nulls"]),
    ("nulls=output", ["'output'", "json"]),
    ("nulls=id", ["'id'", "never null"]),
    ("nulls=created_at", ["'created_at'", "never null"]),
    ("colour=red", ["Unknown query parameter", "'colour'"]),
    ("force=true", ["Unknown query parameter", "'force'"]),
    ("state=FINISHED", ["state", "'FINISHED'", "ERROR"]),
    ("state=error", ["state", "'error'"]),
    ("state=in:ERROR,FINISHED", ["'FINISHED'"]),
    ("state=nin:", ["state", "''"]),
    ("state=SKIPPED", ["'SKIPPED'"]),
    ("state=has:ERR", ["operator has", "state"]),
    ("state=gt:ERROR", ["operator gt", "state"]),
    ("state=like:ERROR", ["'like:ERROR'"]),
    ("workflow_id=wf", ["workflow_id", "'wf'", "UUID"]),
    (f"workflow_id=in:{EXECUTION_ID},nope", ["'nope'", "UUID"]),
    ("created_at=yesterday", ["time", "'yesterday'", "YYYY-MM-DD HH:MM:SS"]),
    ("created_at=gt:2026-13-01 00:00:00", ["time", "2026-13-01"]),
    ("created_at=2026-12-04 25:00:00", ["time"]),
    ("created_at=has:2026", ["operator has", "datetime"]),
    ("updated_at=", ["time", "''"]),
    ("params=x", ["params", "JSON"]),
    ("input=eq:{}", ["input", "JSON"]),
    ("tags=", ["tags", "one or more tags"]),
    ("tags=in:a,b", ["operator in", "tags"]),
]


@pytest.mark.parametrize("query_string, words", REJECTED)
def test_rejected_query(query_string, words):
    with pytest.raises(InvalidInputError) as caught:
        parse(query_string)

    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize(
    "collection, query_string, words",
    [
        ("tasks", "processed=maybe", ["processed", "'maybe'", "true or false"]),
        ("tasks", "processed=gt:true", ["operator gt", "bool"]),
        ("tasks", "type=SCRIPT", ["value", "'SCRIPT'", "ACTION"]),
        ("tasks", "result=x", ["result", "JSON"]),
        ("tasks", "task_execution_id=x", ["Unknown query parameter", "'task_execution_id'"]),
        ("workflows", "scope=shared", ["'shared'", "private"]),
        ("workflows", "state=ERROR", ["Unknown query parameter", "'state'"]),
        ("environments", "variables=x", ["variables", "JSON"]),
        ("environments", "sort_keys=variables", ["'variables'", "json"]),
    ],
)
def test_rejected_query_per_collection(collection, query_string, words):
    with pytest.raises(InvalidInputError) as caught:
        parse(query_string, collection)

    for word in words:
        assert word in str(caught.value)


def test_long_value_cut_in_message():
    with pytest.raises(InvalidInputError) as caught:
        parse("limit=" + "9" * 500 + "x")

    assert len(str(caught.value)) < 200


def test_every_collection_has_id_and_created_at():
    for collection, fields in RESOURCE_FIELDS.items():
        assert "id" in fields, collection
        assert "created_at" in fields, collection
