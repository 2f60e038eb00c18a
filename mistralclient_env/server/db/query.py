"""Run a list query against a model: filters, nulls, order and keyset pagination.

The matching and ordering rules are those stated in
:mod:`mistralclient_env.server.engine.query`. This module relies on one
convention of the db models: each attribute has the name of its wire field,
JSON wire fields are JSON columns, times are naive UTC datetimes, and each
model has a string ``id`` primary key.

Null ordering is written out with a ``CASE`` rank instead of ``NULLS FIRST``,
so SQLite, PostgreSQL and MySQL (which has no ``NULLS FIRST``) all sort the
same way, and the keyset predicate after the marker row follows that order.
"""

import datetime
import json
import logging

import sqlalchemy
from sqlalchemy import types

from mistralclient_env.server.engine.errors import InvalidInputError, NotFoundError
from mistralclient_env.server.engine.query import ASC, LIST_OPS

LOG = logging.getLogger(__name__)

_WHOLE_SECOND = datetime.timedelta(seconds=1)

_TAGS_FIELD = "tags"


def fetch_page(session, model, query, extra_filters=()):
    """Return the rows of one page of ``query`` as model instances.

    ``extra_filters`` are :class:`~mistralclient_env.server.engine.query.Filter`
    conditions that the caller adds to the client's, such as the parent of a
    sub-collection (``workflow_execution_id`` for ``/v2/executions/{id}/tasks``).
    They always narrow the rows; ``nulls`` never widens them.

    Rows are ordered by the query's sort keys and then ``id``. With a marker,
    the page starts right after the marker row in that order, even when the
    marker row itself no longer matches the filters.

    Raises NotFoundError when no row of ``model`` has the marker id, and
    InvalidInputError for a field that the model lacks, a sort on a JSON
    field, or a filter that does not apply to its column.
    """
    marker_row = None

    if query.marker is not None:
        marker_row = session.get(model, query.marker)

        if marker_row is None:
            raise NotFoundError(
                f"Marker {query.marker} not found: pass the id of the last item of the previous page, "
                f"or no marker to start from the first page."
            )

    statement = build_page_statement(model, query, marker_row=marker_row, extra_filters=extra_filters)

    rows = session.scalars(statement).all()

    LOG.debug("Listed %d rows of %s (limit %s, marker %s)", len(rows), model.__tablename__, query.limit, query.marker)

    return rows


def build_page_statement(model, query, marker_row=None, extra_filters=()):
    """Build the SELECT that :func:`fetch_page` runs, for any SQL dialect.

    ``marker_row`` is the model instance whose sort values the page starts
    after, or None for the first page. Raises InvalidInputError as
    :func:`fetch_page` does.
    """
    columns = sqlalchemy.inspect(model).columns
    statement = sqlalchemy.select(model)

    for condition in _where_conditions(columns, query, extra_filters):
        statement = statement.where(condition)

    order = [(_column(columns, key, "sort by"), direction) for key, direction in query.sort_order()]

    for column, direction in order:
        if _is_json(column):
            raise InvalidInputError(f"Cannot sort by {column.key}: it contains JSON.")

        statement = statement.order_by(*_order_terms(column, direction))

    if marker_row is not None:
        marker_values = [getattr(marker_row, column.key) for column, _ in order]
        statement = statement.where(_after_marker(order, marker_values))

    if query.limit is not None:
        statement = statement.limit(query.limit)

    return statement


# Filters and nulls.

def _where_conditions(columns, query, extra_filters):
    """Yield the WHERE conditions: the client's filters and nulls, then the caller's."""
    by_field = {}
    for condition in query.filters:
        by_field.setdefault(condition.field, []).append(condition)

    for field in query.nulls:
        column = _column(columns, field, "match nulls of")
        if _is_json(column):
            raise InvalidInputError(f"Cannot match nulls of {field}: it contains JSON, where null is a stored value.")

    for field in dict.fromkeys([*by_field, *query.nulls]):
        column = _column(columns, field, "filter by")
        matches = [_filter_condition(column, condition) for condition in by_field.get(field, ())]

        if field in query.nulls:
            # nulls keeps the rows where the field is null, in addition to
            # the rows that pass the filters on the same field.
            if matches:
                yield sqlalchemy.or_(column.is_(None), sqlalchemy.and_(*matches))
            else:
                yield column.is_(None)
        else:
            yield from matches

    for condition in extra_filters:
        yield _filter_condition(_column(columns, condition.field, "filter by"), condition)


def _filter_condition(column, condition):
    op = condition.op
    value = condition.value

    if _is_json(column):
        if column.key == _TAGS_FIELD and op == "eq":
            return _contains_tags(column, value)
        raise InvalidInputError(f"Cannot filter by {column.key} with {op}: it contains JSON.")

    if op == "has":
        return column.icontains(value, autoescape=True)

    if op in LIST_OPS:
        matches = sqlalchemy.or_(*[_equal_condition(column, item) for item in value])
        if op == "in":
            return matches
        return sqlalchemy.or_(sqlalchemy.not_(matches), column.is_(None))

    if op == "eq":
        return _equal_condition(column, value)

    if op == "neq":
        return sqlalchemy.or_(sqlalchemy.not_(_equal_condition(column, value)), column.is_(None))

    low, high = _bounds(column, value)
    if op == "gt":
        return column >= high if high is not None else column > low
    if op == "gte":
        return column >= low
    if op == "lt":
        return column < low
    if op == "lte":
        return column < high if high is not None else column <= low

    raise AssertionError(f"no condition for filter operator {op}")


def _equal_condition(column, value):
    low, high = _bounds(column, value)

    if high is None:
        return column == low

    return sqlalchemy.and_(column >= low, column < high)


def _bounds(column, value):
    """Return ``(low, high)``: the whole second of a time without a fraction, else ``(value, None)``.

    The last second of year 9999 has no next second, so it is compared exactly.
    """
    if isinstance(value, datetime.datetime) and value.microsecond == 0 and _is_datetime(column):
        if value < datetime.datetime.max - _WHOLE_SECOND:
            return value, value + _WHOLE_SECOND

    return value, None


def _contains_tags(column, tags):
    """Match rows whose JSON list of tags contains every tag in ``tags``.

    The JSON text is searched for each tag as a quoted JSON string, in both
    the ASCII-escaped and the plain form, so the match does not depend on how
    the JSON serializer or the database (PostgreSQL's jsonb) writes non-ASCII.
    """
    text = sqlalchemy.cast(column, types.Text)
    conditions = []

    for tag in tags:
        forms = dict.fromkeys([json.dumps(tag), json.dumps(tag, ensure_ascii=False)])
        conditions.append(sqlalchemy.or_(*[text.icontains(form, autoescape=True) for form in forms]))

    return sqlalchemy.and_(*conditions)


# Order and keyset.

def _order_terms(column, direction):
    """Return the ORDER BY terms of one key: a null rank if it may be null, then the column."""
    if not column.nullable:
        return (column.asc(),) if direction == ASC else (column.desc(),)

    null_rank = sqlalchemy.case((column.is_(None), 0), else_=1)

    if direction == ASC:
        return null_rank.asc(), column.asc()

    return null_rank.desc(), column.desc()


def _after_marker(order, marker_values):
    """Build the condition for rows that come after the marker row in ``order``.

    A row is after the marker when, for some key, it equals the marker on
    every earlier key and comes after it on that key. Null is the lowest
    value. So in ascending order any non-null value comes after a null
    marker value, and in descending order null comes after any non-null
    marker value while nothing comes after a null one.
    """
    alternatives = []
    equal_so_far = []

    for (column, direction), marker_value in zip(order, marker_values):
        if marker_value is not None:
            # A bound value: SQLAlchemy rejects `column > True` written with a Python bool.
            marker_value = sqlalchemy.literal(marker_value, type_=column.type)

        if direction == ASC:
            after = column.is_not(None) if marker_value is None else column > marker_value
        elif marker_value is None:
            after = None
        else:
            after = sqlalchemy.or_(column < marker_value, column.is_(None))

        if after is not None:
            alternatives.append(sqlalchemy.and_(*equal_so_far, after))

        equal_so_far.append(column.is_(None) if marker_value is None else column == marker_value)

    if not alternatives:
        return sqlalchemy.false()

    return sqlalchemy.or_(*alternatives)


# Columns.

def _column(columns, field, action):
    if field not in columns:
        raise InvalidInputError(f"Cannot {action} {field}: this list has no such field.")

    return columns[field]


def _is_json(column):
    return _has_type(column, types.JSON)


def _is_datetime(column):
    return _has_type(column, types.DateTime)


def _has_type(column, type_class):
    column_type = column.type

    if isinstance(column_type, types.TypeDecorator):
        column_type = column_type.impl_instance

    return isinstance(column_type, type_class)
