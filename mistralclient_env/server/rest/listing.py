"""Query strings of the collection endpoints: parse, validate, link the next page.

Every list endpoint (``GET /v2/executions``, ``/v2/tasks``, ``/v2/workflows``,
``/v2/environments``, ``/v2/action_executions`` and their sub-collections)
takes the same parameters as OpenStack Mistral's v2 API:

- ``limit``: a positive page size of at most :data:`MAX_LIMIT` rows.
- ``marker``: the id of the last row of the previous page.
- ``sort_keys`` and ``sort_dirs``: comma lists; missing directions are ``asc``.
- ``fields``: a comma list of the fields to return; ``id`` is always returned.
- ``<field>=<value>`` or ``<field>=<op>:<value>``: a filter, see
  :data:`mistralclient_env.server.engine.query.FILTER_OPS`. A value that does
  not start with a known operator and a colon is matched with ``eq`` as it is.
  A filter parameter given more than once adds one filter per value.
- ``nulls``: a comma list of fields whose null rows are kept.

Unlike Mistral, an unknown sort key or an invalid state in a filter is a 400
here, and the ``next`` link works for ``in:`` filters and ``nulls``.

The functions expect Falcon's ``req.params`` as Falcon 3 and 4 build it by
default: one str per parameter, or a list of str when the parameter is
repeated. With ``auto_parse_qs_csv`` on, Falcon would split ``in:`` lists at
their commas before this module receives them.
"""

import dataclasses
import datetime
import logging
import re
import urllib.parse
import uuid

from mistralclient_env.server.engine import states
from mistralclient_env.server.engine.errors import InvalidInputError
from mistralclient_env.server.engine.query import FILTER_OPS, LIST_OPS, SORT_DIRS, Filter, ListQuery

LOG = logging.getLogger(__name__)

# Field kinds: how a filter value is parsed and which operators apply.
STRING = "string"
UUID = "uuid"
STATE = "state"
CHOICE = "choice"
DATETIME = "datetime"
BOOL = "bool"
TAGS = "tags"
JSON = "json"

_OPS_BY_KIND = {
    STRING: FILTER_OPS,
    UUID: FILTER_OPS,
    STATE: ("eq", "neq", "in", "nin"),
    CHOICE: ("eq", "neq", "in", "nin"),
    DATETIME: ("eq", "neq", "in", "nin", "gt", "gte", "lt", "lte"),
    BOOL: ("eq", "neq"),
    TAGS: ("eq",),
    JSON: (),
}


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    """The type of one wire field of a collection, as list queries use it.

    ``choices`` contains the valid values of a STATE or CHOICE field.
    ``nullable`` is False for fields that are never null, which ``nulls``
    rejects. JSON fields can be selected with ``fields`` but neither filtered
    nor sorted; TAGS fields can be filtered with ``eq`` but not sorted.
    """

    kind: str
    choices: frozenset = frozenset()
    nullable: bool = True

    @property
    def filter_ops(self):
        return _OPS_BY_KIND[self.kind]

    @property
    def sortable(self):
        return self.kind not in (JSON, TAGS)


_ID = FieldSpec(UUID, nullable=False)
_CREATED_AT = FieldSpec(DATETIME, nullable=False)
_WORKFLOW_STATE = FieldSpec(STATE, states.WORKFLOW_STATES, nullable=False)
_TASK_STATE = FieldSpec(STATE, states.TASK_STATES, nullable=False)
_SCOPE = FieldSpec(CHOICE, frozenset({"private", "public"}))

RESOURCE_FIELDS = {
    "executions": {
        "id": _ID,
        "workflow_id": FieldSpec(UUID),
        "workflow_name": FieldSpec(STRING),
        "workflow_namespace": FieldSpec(STRING),
        "description": FieldSpec(STRING),
        "tags": FieldSpec(TAGS),
        "params": FieldSpec(JSON),
        "task_execution_id": FieldSpec(UUID),
        "root_execution_id": FieldSpec(UUID),
        "state": _WORKFLOW_STATE,
        "state_info": FieldSpec(STRING),
        "input": FieldSpec(JSON),
        "output": FieldSpec(JSON),
        "published_global": FieldSpec(JSON),
        "created_at": _CREATED_AT,
        "updated_at": FieldSpec(DATETIME),
        "project_id": FieldSpec(STRING),
    },
    "tasks": {
        "id": _ID,
        "name": FieldSpec(STRING),
        "type": FieldSpec(CHOICE, frozenset({"ACTION", "WORKFLOW"})),
        "workflow_name": FieldSpec(STRING),
        "workflow_namespace": FieldSpec(STRING),
        "workflow_id": FieldSpec(UUID),
        "workflow_execution_id": FieldSpec(UUID),
        "tags": FieldSpec(TAGS),
        "state": _TASK_STATE,
        "state_info": FieldSpec(STRING),
        "project_id": FieldSpec(STRING),
        "runtime_context": FieldSpec(JSON),
        "result": FieldSpec(JSON),
        "published": FieldSpec(JSON),
        "published_global": FieldSpec(JSON),
        "processed": FieldSpec(BOOL),
        "created_at": _CREATED_AT,
        "updated_at": FieldSpec(DATETIME),
        "started_at": FieldSpec(DATETIME),
        "finished_at": FieldSpec(DATETIME),
    },
    "workflows": {
        "id": _ID,
        "name": FieldSpec(STRING),
        "namespace": FieldSpec(STRING),
        # A workflow's input is the text of its parameters ("url, retries=3").
        "input": FieldSpec(STRING),
        "interface": FieldSpec(JSON),
        "definition": FieldSpec(STRING),
        "checksum": FieldSpec(STRING),
        "tags": FieldSpec(TAGS),
        "scope": _SCOPE,
        "project_id": FieldSpec(STRING),
        "created_at": _CREATED_AT,
        "updated_at": FieldSpec(DATETIME),
    },
    "environments": {
        "id": _ID,
        "name": FieldSpec(STRING),
        "description": FieldSpec(STRING),
        "variables": FieldSpec(JSON),
        "scope": _SCOPE,
        "project_id": FieldSpec(STRING),
        "created_at": _CREATED_AT,
        "updated_at": FieldSpec(DATETIME),
    },
    "action_executions": {
        "id": _ID,
        "name": FieldSpec(STRING),
        "workflow_name": FieldSpec(STRING),
        "workflow_namespace": FieldSpec(STRING),
        "task_name": FieldSpec(STRING),
        "task_execution_id": FieldSpec(UUID),
        "state": _TASK_STATE,
        "state_info": FieldSpec(STRING),
        "tags": FieldSpec(TAGS),
        "description": FieldSpec(STRING),
        "project_id": FieldSpec(STRING),
        "accepted": FieldSpec(BOOL),
        "input": FieldSpec(JSON),
        "output": FieldSpec(JSON),
        "params": FieldSpec(JSON),
        "created_at": _CREATED_AT,
        "updated_at": FieldSpec(DATETIME),
    },
}
"""Wire fields of each collection that a list query may select, filter or sort."""

QUERY_PARAMS = ("limit", "marker", "sort_keys", "sort_dirs", "fields", "nulls")

MAX_LIMIT = 1_000_000
"""Largest page size accepted; a client that wants every row leaves ``limit`` out.

Any limit up to this binds on SQLite, PostgreSQL and MySQL alike.
"""

IGNORED_PARAMS = frozenset({"all_projects", "include_output"})
"""Parameters that Mistral accepts on its lists and that the bundled server
skips: it has one project, and list items never carry outputs."""

_MAX_SHOWN = 80

_TIMESTAMP = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,6}))?)?"
    r"(?P<zone>Z|[+-]\d{2}:?\d{2})?)?"
)

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})


def parse_list_query(params, collection, default_sort=("created_at", "asc"), ignore=()):
    """Validate the query parameters of a list request and return a ListQuery.

    ``params`` is a mapping like Falcon's ``req.params``. ``collection`` is a
    key of :data:`RESOURCE_FIELDS`. ``default_sort`` is the ``(key, direction)``
    used when ``sort_keys`` is absent; a ``sort_dirs`` given without
    ``sort_keys`` applies to that key. ``ignore`` names parameters that the
    caller handles itself (``max_depth``, ``errors_only``, ``force``, ...);
    they and :data:`IGNORED_PARAMS` are skipped.

    Any other parameter that is neither a list parameter nor a field of the
    collection is rejected, as Mistral's API rejects unknown arguments, so a
    misspelt filter never widens a list silently. ``limit``, ``marker`` and
    the comma-list parameters are treated as absent when empty. An empty
    filter value matches the empty string on a string field and is invalid
    on any other field.

    Raises InvalidInputError with a message naming the parameter and the
    value. It does not check that the marker exists: the database layer
    raises NotFoundError for an unknown marker.
    """
    spec = RESOURCE_FIELDS[collection]
    skipped = IGNORED_PARAMS | frozenset(ignore)

    unknown = [name for name in params if name not in skipped and name not in QUERY_PARAMS and name not in spec]
    if unknown:
        raise InvalidInputError(
            f"Unknown query parameter {_show(unknown[0])} for {collection}: use "
            f"{', '.join(QUERY_PARAMS)} or a field name ({', '.join(sorted(spec))})."
        )

    limit = _parse_limit(_single_value(params, "limit"))
    marker = _parse_marker(_single_value(params, "marker"))
    sort_keys, sort_dirs = _parse_sort(params, collection, spec, default_sort)
    fields = _parse_fields(params, collection, spec)
    nulls = _parse_nulls(params, collection, spec)

    filters = []
    for name in params:
        if name in spec and name not in skipped:
            filters.extend(_parse_filter(name, raw, collection, spec[name]) for raw in _values(params[name]))

    return ListQuery(
        limit=limit,
        marker=marker,
        sort_keys=sort_keys,
        sort_dirs=sort_dirs,
        fields=fields,
        filters=tuple(filters),
        nulls=nulls,
    )


def build_next_link(collection_url, query, last_id, extra_filters=()):
    """Return the URL of the page after the row ``last_id``.

    ``collection_url`` is the flat collection without a query string, such as
    ``http://127.0.0.1:8989/v2/tasks``. The link repeats ``query`` with the
    sort keys extended by ``id``, each filter in ``<op>:<value>`` form,
    ``nulls``, ``limit``, ``marker=<last_id>`` and ``fields``, so that
    following ``next`` until it is absent returns every matching row once.

    A sub-collection passes its parent as ``extra_filters``:
    ``/v2/executions/{id}/tasks`` links to ``/v2/tasks`` with
    ``extra_filters=(Filter("workflow_execution_id", "eq", id),)``, the same
    filters the caller gave to ``fetch_page``.

    Call it only when the page is full: ``query.limit`` is set and the page
    contains ``query.limit`` rows. Values are percent-encoded; commas and colons,
    which separate list items and operators, are kept as they are.
    """
    order = query.sort_order()

    pairs = [
        ("sort_keys", ",".join(key for key, _ in order)),
        ("sort_dirs", ",".join(direction for _, direction in order)),
    ]

    for condition in (*query.filters, *extra_filters):
        pairs.append((condition.field, f"{condition.op}:{_format_filter_value(condition.value)}"))

    if query.nulls:
        pairs.append(("nulls", ",".join(query.nulls)))

    if query.limit is not None:
        pairs.append(("limit", str(query.limit)))

    pairs.append(("marker", last_id))

    if query.fields:
        pairs.append(("fields", ",".join(query.fields)))

    return collection_url + "?" + urllib.parse.urlencode(pairs, safe=",:", quote_via=urllib.parse.quote)


def select_fields(item, query):
    """Return a copy of ``item`` with only the fields the query asked for.

    With no ``fields`` in the query, every field of ``item`` is kept. Fields
    asked for but absent from ``item`` (a list item has no ``output``, say)
    are left out rather than added as null.
    """
    if not query.fields:
        return dict(item)

    return {name: item[name] for name in query.fields if name in item}


# Parameters with one value.

def _single_value(params, name):
    value = params.get(name)

    if isinstance(value, list):
        raise InvalidInputError(f"Query parameter {name} was given {len(value)} times: give it once.")

    if value is None or value.strip() == "":
        return None

    return value.strip()


def _parse_limit(value):
    if value is None:
        return None

    digits = value.lstrip("0")
    if not re.fullmatch(r"[0-9]+", value) or not digits:
        raise InvalidInputError(f"Invalid limit {_show(value)}: expected a positive integer.")

    # Compare lengths first: int() of thousands of digits is slow or raises.
    if len(digits) > len(str(MAX_LIMIT)) or int(digits) > MAX_LIMIT:
        raise InvalidInputError(
            f"Invalid limit {_show(value)}: the maximum is {MAX_LIMIT}. Leave limit out to list every item."
        )

    return int(digits)


def _parse_marker(value):
    if value is None:
        return None

    try:
        return _canonical_uuid(value)
    except ValueError:
        raise InvalidInputError(
            f"Invalid marker {_show(value)}: expected the id (a UUID) of the last item of the previous page."
        ) from None


# Comma-list parameters.

def _list_items(params, name):
    """Split a comma-list parameter into stripped, lower-case, non-empty items.

    A parameter given several times counts as one list, as Mistral reads it.
    """
    items = []
    for value in _values(params.get(name)):
        items.extend(item.strip().lower() for item in value.split(","))

    return [item for item in items if item]


def _parse_sort(params, collection, spec, default_sort):
    keys = _list_items(params, "sort_keys")
    dirs = _list_items(params, "sort_dirs")

    if not keys:
        default_key, default_dir = default_sort
        keys = [default_key]
        dirs = dirs or [default_dir]

    for key in keys:
        if key not in spec:
            sortable = sorted(name for name, field in spec.items() if field.sortable)
            raise InvalidInputError(
                f"Invalid sort key {_show(key)} in sort_keys for {collection}: use one of {', '.join(sortable)}."
            )
        if not spec[key].sortable:
            raise InvalidInputError(
                f"Invalid sort key {_show(key)} in sort_keys for {collection}: "
                f"{key} contains {spec[key].kind} values, which cannot be sorted."
            )

    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise InvalidInputError(f"Sort key {_show(duplicates[0])} appears more than once in sort_keys: give it once.")

    for direction in dirs:
        if direction not in SORT_DIRS:
            raise InvalidInputError(f"Invalid sort direction {_show(direction)} in sort_dirs: use asc or desc.")

    if len(dirs) > len(keys):
        raise InvalidInputError(
            f"sort_dirs has {len(dirs)} directions but sort_keys has {len(keys)} keys: "
            f"give at most one direction per sort key."
        )

    return tuple(keys), tuple(dirs)


def _parse_fields(params, collection, spec):
    fields = []
    for name in _list_items(params, "fields"):
        if name not in spec:
            raise InvalidInputError(
                f"Invalid field {_show(name)} in fields for {collection}: use one of {', '.join(sorted(spec))}."
            )
        if name not in fields:
            fields.append(name)

    if fields and "id" not in fields:
        fields.insert(0, "id")

    return tuple(fields)


def _parse_nulls(params, collection, spec):
    nulls = []
    for name in _list_items(params, "nulls"):
        if name not in spec:
            raise InvalidInputError(
                f"Invalid field {_show(name)} in nulls for {collection}: use one of {', '.join(sorted(spec))}."
            )
        if spec[name].kind in (JSON, TAGS):
            raise InvalidInputError(
                f"Invalid field {_show(name)} in nulls for {collection}: {name} contains {spec[name].kind} values, "
                f"which cannot be matched against null."
            )
        if not spec[name].nullable:
            raise InvalidInputError(f"Invalid field {_show(name)} in nulls for {collection}: {name} is never null.")
        if name not in nulls:
            nulls.append(name)

    return tuple(nulls)


# Filters.

def _parse_filter(name, raw, collection, field):
    if field.kind == JSON:
        raise InvalidInputError(
            f"Invalid filter on {name} for {collection}: {name} contains JSON, which cannot be filtered. "
            f"Filter on another field."
        )

    if "\x00" in raw:
        raise InvalidInputError(
            f"Invalid filter {name}={_show(raw)} for {collection}: a value cannot contain the NUL character."
        )

    op, text = _split_operator(raw)

    if op not in field.filter_ops:
        raise InvalidInputError(
            f"Invalid filter {name}={_show(raw)} for {collection}: operator {op} does not apply to "
            f"{field.kind} fields; use {', '.join(field.filter_ops)}."
        )

    if field.kind == TAGS:
        tags = tuple(tag for tag in text.split(",") if tag)
        if not tags:
            raise InvalidInputError(f"Invalid filter {name}={_show(raw)}: give one or more tags, separated by commas.")
        return Filter(name, op, tags)

    if op in LIST_OPS:
        value = tuple(_parse_value(name, item, raw, field) for item in text.split(","))
    elif op == "has":
        value = text
    else:
        value = _parse_value(name, text, raw, field)

    return Filter(name, op, value)


def _split_operator(raw):
    """Split ``<op>:<value>`` into its parts; any other value is ``eq`` as it is."""
    for op in FILTER_OPS:
        if raw.startswith(op + ":"):
            return op, raw[len(op) + 1:]

    return "eq", raw


def _parse_value(name, text, raw, field):
    if field.kind == STRING:
        return text

    if field.kind == UUID:
        try:
            return _canonical_uuid(text)
        except ValueError:
            raise InvalidInputError(f"Invalid filter {name}={_show(raw)}: {_show(text)} is not a UUID.") from None

    if field.kind in (STATE, CHOICE):
        if text not in field.choices:
            what = "state" if field.kind == STATE else "value"
            raise InvalidInputError(
                f"Invalid {what} {_show(text)} in filter {name}={_show(raw)}: "
                f"use one of {', '.join(sorted(field.choices))}."
            )
        return text

    if field.kind == DATETIME:
        try:
            return parse_timestamp(text)
        except ValueError:
            raise InvalidInputError(
                f"Invalid time {_show(text)} in filter {name}={_show(raw)}: "
                f"use 'YYYY-MM-DD HH:MM:SS' (UTC) or ISO 8601."
            ) from None

    if field.kind == BOOL:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise InvalidInputError(f"Invalid filter {name}={_show(raw)}: use true or false.")

    raise AssertionError(f"no parser for field kind {field.kind}")


def parse_timestamp(text):
    """Parse a filter time into a naive UTC datetime.

    Accepts Mistral's ``YYYY-MM-DD HH:MM:SS``, a date alone (midnight), and
    ISO 8601 with ``T``, a fraction of up to six digits and a ``Z`` or
    ``+HH:MM`` offset below 24 hours, which is converted to UTC. Raises
    ValueError otherwise, also when the time in UTC falls outside the years
    1 to 9999.
    """
    match = _TIMESTAMP.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a timestamp: {text!r}")

    try:
        return _timestamp_of(match)
    except OverflowError:
        raise ValueError(f"timestamp out of range: {text!r}") from None


def _timestamp_of(match):
    year, month, day = (int(part) for part in match["date"].split("-"))
    fraction = (match["fraction"] or "").ljust(6, "0")

    value = datetime.datetime(
        year,
        month,
        day,
        int(match["hour"] or 0),
        int(match["minute"] or 0),
        int(match["second"] or 0),
        int(fraction),
    )

    zone = match["zone"]
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 23 or minutes > 59:
            raise ValueError(f"invalid offset from UTC: {zone!r}")
        value -= sign * datetime.timedelta(hours=hours, minutes=minutes)

    return value


def format_timestamp(value):
    """Format a naive UTC datetime as Mistral shows it, keeping a non-zero fraction."""
    if value.microsecond:
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")

    return value.strftime("%Y-%m-%d %H:%M:%S")


def _format_filter_value(value):
    if isinstance(value, tuple):
        return ",".join(_format_filter_value(item) for item in value)

    if isinstance(value, bool):
        return "true" if value else "false"

    if isinstance(value, datetime.datetime):
        return format_timestamp(value)

    return str(value)


def _canonical_uuid(text):
    return str(uuid.UUID(text.strip()))


def _values(value):
    if value is None:
        return []

    if isinstance(value, list):
        return value

    return [value]


def _show(value):
    """Quote a value from the query string for an error message, cut if long."""
    text = str(value)
    if len(text) > _MAX_SHOWN:
        text = text[:_MAX_SHOWN] + "..."

    return repr(text)
