"""Evaluation context of expressions: the data context, env, tasks and execution."""

import datetime
from collections.abc import Iterable, Mapping

# Context strings shorter than this are not redacted from error reasons:
# replacing "a" or "ok" everywhere would garble the message, and values
# that short carry little secret.
_MIN_REDACTED_LENGTH = 4

REDACTED = "***"


class ExpressionContext:
    """The values that ``$``/``_``, ``env()``, ``task()`` and ``execution()`` return.

    ``data`` is the data context (workflow input, vars and published values).
    ``env`` is the current env of the root execution. ``execution`` is the
    dict that ``execution()`` returns. ``task_lookup(name)`` returns the
    latest task execution of that name in this workflow execution as a dict
    with ``id, name, state, state_info, result, published``, or None.
    ``current_task`` is that dict for the task being evaluated, which
    ``task()`` without an argument returns.
    """

    def __init__(self, data, env, execution, task_lookup, current_task=None):
        self.data = data if data is not None else {}
        self.env = env if env is not None else {}
        self.execution = execution
        self.task_lookup = task_lookup
        self.current_task = current_task
        self._tasks_read = []

    def task(self, name=None):
        """Return the current task for no name or its own name, else the latest task of that name."""
        current = self.current_task
        if name is None or (current is not None and current.get("name") == name):
            return current

        found = self.task_lookup(name) if self.task_lookup else None
        if found is not None:
            self._tasks_read.append(found)

        return found

    def sensitive_strings(self):
        """Return the strings an error message must not show, longest first.

        They are every string value of the env, the data context, the
        execution's input and params, and the tasks read so far.
        """
        sources = [self.env, self.data, self.current_task, *self._tasks_read]
        if isinstance(self.execution, Mapping):
            sources += [self.execution.get("input"), self.execution.get("params")]

        found = set()
        for source in sources:
            _collect_strings(source, found)

        return sorted(found, key=len, reverse=True)


def _collect_strings(value, found):
    if isinstance(value, str):
        if len(value) >= _MIN_REDACTED_LENGTH:
            found.add(value)
    elif isinstance(value, Mapping):
        for item in value.values():
            _collect_strings(item, found)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _collect_strings(item, found)


def redact(text, context):
    """Replace every context value inside ``text`` with ``***``.

    Values also appear in their ``repr()`` form inside messages that print a
    container, so both forms are replaced.
    """
    for value in context.sensitive_strings():
        text = text.replace(value, REDACTED)

        escaped = repr(value)[1:-1]
        if escaped != value:
            text = text.replace(escaped, REDACTED)

    return text


def to_plain(value):
    """Convert a result to dicts, lists and scalars that JSON can encode.

    YAQL returns frozen dicts, tuples, sets and generators, and Jinja2 may
    return generators. Dates and times become ISO 8601 strings and time
    spans become seconds. Raises TypeError for any other type, such as a
    method that a Jinja2 attribute lookup returned.
    """
    if value is None or isinstance(value, (str, bool, int, float)):
        return value

    if isinstance(value, Mapping):
        return {key: to_plain(item) for key, item in value.items()}

    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()

    if isinstance(value, datetime.timedelta):
        return value.total_seconds()

    if isinstance(value, Iterable) and not isinstance(value, (bytes, bytearray)):
        return [to_plain(item) for item in value]

    raise TypeError(f"a value of type '{type(value).__name__}' cannot be stored as JSON")
