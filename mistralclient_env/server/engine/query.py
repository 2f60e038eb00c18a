"""List queries: which rows of a collection a client asked for, and in what order.

The REST layer builds a :class:`ListQuery` from a query string
(``server/rest/listing.py``) and the database layer runs it
(``server/db/query.py``). This module contains plain values only, so the engine
can build, pass and inspect queries without Falcon or SQLAlchemy.

Matching rules, applied by the database layer and relied on by the REST layer:

- ``eq``, ``gt``, ``gte``, ``lt``, ``lte``, ``in`` and ``has`` never match a
  null value; ``neq`` and ``nin`` do, because null is not equal to any value.
- ``has`` is a case-insensitive substring match (on SQLite only ASCII letters
  fold case).
- A time without a fraction of a second stands for that whole second, as the
  wire format shows times: ``eq:2026-12-04 19:30:51`` matches 19:30:51.4 and
  ``gt:2026-12-04 19:30:51`` starts at 19:30:52. A time with a non-zero
  fraction is compared exactly.
- A ``tags`` filter with ``eq`` keeps the rows whose tags contain every tag
  given (case-insensitive), as Mistral does.
- ``nulls`` names fields whose null rows are kept. When the same field also has
  filters, a row is kept if the field is null or it passes those filters.
- Null sorts before every other value: first in ascending order, last in
  descending order, on every database.
- ``id`` is appended to the sort keys in ascending order unless the client
  already sorts by it, so the order is total and keyset pagination after a
  marker row returns every row once.
"""

import dataclasses
import logging

LOG = logging.getLogger(__name__)

FILTER_OPS = ("eq", "neq", "in", "nin", "gt", "gte", "lt", "lte", "has")
"""Filter operators, as written before the colon in ``<field>=<op>:<value>``."""

LIST_OPS = frozenset({"in", "nin"})
"""Operators whose value is a tuple of values (a comma list on the wire)."""

ASC = "asc"
DESC = "desc"
SORT_DIRS = (ASC, DESC)

TIEBREAK_KEY = "id"
"""Sort key appended to every order so that no two rows tie."""


@dataclasses.dataclass(frozen=True)
class Filter:
    """One condition of a list query: ``<field>=<op>:<value>`` on the wire.

    ``value`` is a str, bool or naive UTC datetime. For ``in`` and ``nin`` it
    is a tuple of those, and for a ``tags`` filter a tuple of tag strings.
    A list given for ``value`` is stored as a tuple. Raises ValueError for an
    operator outside :data:`FILTER_OPS` or a list operator without a sequence.
    """

    field: str
    op: str
    value: object

    def __post_init__(self):
        if self.op not in FILTER_OPS:
            raise ValueError(f"Unknown filter operator {self.op!r}: expected one of {', '.join(FILTER_OPS)}.")

        if isinstance(self.value, list):
            object.__setattr__(self, "value", tuple(self.value))

        if self.op in LIST_OPS and not isinstance(self.value, tuple):
            raise ValueError(f"Filter operator {self.op!r} needs a tuple of values, not {type(self.value).__name__}.")


@dataclasses.dataclass(frozen=True)
class ListQuery:
    """A validated list request: page size, marker, order, fields and filters.

    ``limit`` is None for no limit, else a positive int. ``marker`` is the id
    of the last row of the previous page, or None for the first page.
    ``sort_dirs`` may be shorter than ``sort_keys``: the missing directions
    are ``asc``. ``fields`` is empty for every field; ``filters`` is a tuple of
    :class:`Filter`, all of which must match; ``nulls`` names the fields whose
    null rows are kept. Lists given for the tuple fields are stored as tuples.
    Raises ValueError for a non-positive limit, an unknown direction or more
    directions than keys.
    """

    limit: int | None = None
    marker: str | None = None
    sort_keys: tuple = ("created_at",)
    sort_dirs: tuple = (ASC,)
    fields: tuple = ()
    filters: tuple = ()
    nulls: tuple = ()

    def __post_init__(self):
        for name in ("sort_keys", "sort_dirs", "fields", "filters", "nulls"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

        if self.limit is not None and (isinstance(self.limit, bool) or not isinstance(self.limit, int) or self.limit < 1):
            raise ValueError(f"limit must be None or a positive int, not {self.limit!r}.")

        if len(self.sort_dirs) > len(self.sort_keys):
            raise ValueError(f"{len(self.sort_dirs)} sort directions for {len(self.sort_keys)} sort keys.")

        for direction in self.sort_dirs:
            if direction not in SORT_DIRS:
                raise ValueError(f"Unknown sort direction {direction!r}: expected 'asc' or 'desc'.")

        missing = len(self.sort_keys) - len(self.sort_dirs)
        object.__setattr__(self, "sort_dirs", self.sort_dirs + (ASC,) * missing)

    def sort_order(self):
        """Return the full order as ``((key, direction), ...)``, ``id`` last.

        ``("id", "asc")`` is appended unless ``id`` is already a sort key.
        Both the database query and the ``next`` link use this order.
        """
        order = tuple(zip(self.sort_keys, self.sort_dirs))

        if TIEBREAK_KEY not in self.sort_keys:
            order += ((TIEBREAK_KEY, ASC),)

        return order
