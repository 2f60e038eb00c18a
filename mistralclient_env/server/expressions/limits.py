"""Size limits of expression evaluation, so one expression cannot exhaust the server's memory.

An expression such as ``<% 'x' * 100000000 %>`` or ``{{ 'x' * 1000000000 }}``
would allocate hundreds of megabytes, and the start env is evaluated on
the request's thread before any workflow runs. Both evaluators check sizes
before the operations that grow a value (repetition, concatenation,
padding, joining, formatting, powers) and check every result, and raise
:class:`LimitExceeded`, which becomes an ExpressionError naming the limit.

The sizes are estimates of the length of a value's JSON text, computed
without building it: a shared value counts each time it appears, as JSON
would write it.
"""

from collections.abc import Mapping

MAX_RESULT_SIZE = 1024 * 1024
"""Largest value an expression may build or return, in characters of its JSON text.

OpenStack Mistral caps each stored field at 1024 KB by default
(``execution_field_size_limit_kb``); this is the same order.
"""

MAX_ITEMS = 100_000
"""Most items an expression may iterate over in one function call, as Jinja2's sandbox caps ``range``."""

MAX_DEPTH = 100
"""Deepest nesting of lists and dicts in a result, as in a request body."""

MAX_INTEGER_BITS = 16_384
"""Largest integer an expression may compute, in bits (about 4900 decimal digits)."""

YAQL_MEMORY_QUOTA = 4 * MAX_RESULT_SIZE
"""YAQL's memory quota in bytes as ``sys.getsizeof`` counts them: a character takes 1 to 4 bytes."""

_SCALAR_SIZE = 8


class LimitExceeded(Exception):
    """An expression would build a value over a limit; the message names the limit, never the value."""


def size_of(value, limit=MAX_RESULT_SIZE):
    """Return the estimated JSON length of ``value``, or a number over ``limit`` once it is exceeded.

    Strings and bytes count their length, integers their digits, and
    containers their items and keys; a shared value counts each time it
    appears. Iterators and generators are not consumed and count as one
    scalar. The walk stops as soon as the total passes ``limit``.
    """
    total = 0
    pending = [value]

    while pending:
        item = pending.pop()

        if isinstance(item, (str, bytes, bytearray)):
            total += len(item) + 2
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        elif isinstance(item, Mapping):
            total += 2 + len(item)
            for key, child in item.items():
                pending.append(key)
                pending.append(child)
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + len(item)
            pending.extend(item)
        elif isinstance(item, range):
            total += 2 + 2 * len(item)
        else:
            total += _SCALAR_SIZE

        if total > limit:
            return limit + 1

    return total


def check_size(value, subject="the result"):
    """Raise LimitExceeded when ``value`` is larger than MAX_RESULT_SIZE."""
    if size_of(value) > MAX_RESULT_SIZE:
        raise_too_large(subject)


def check_result(value, subject="the result"):
    """Raise LimitExceeded when ``value`` is larger than MAX_RESULT_SIZE or nested deeper than MAX_DEPTH."""
    check_size(value, subject)

    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, Mapping):
            children = item.values()
        elif isinstance(item, (list, tuple, set, frozenset)):
            children = item
        else:
            continue

        if depth > MAX_DEPTH:
            raise LimitExceeded(f"{subject} is nested deeper than the limit of {MAX_DEPTH} levels")
        pending.extend((child, depth + 1) for child in children)


def check_length(length, subject="the result"):
    """Raise LimitExceeded when a value about to be built would have more than MAX_RESULT_SIZE characters or items."""
    if length > MAX_RESULT_SIZE:
        raise_too_large(subject)


def raise_too_large(subject="the result"):
    raise LimitExceeded(f"{subject} would be larger than the limit of {MAX_RESULT_SIZE} characters")


def check_integer_bits(bits):
    """Raise LimitExceeded when an integer about to be computed would have more than MAX_INTEGER_BITS bits."""
    if bits > MAX_INTEGER_BITS:
        raise LimitExceeded(f"an integer would be larger than the limit of {MAX_INTEGER_BITS} bits")


def check_power(base, exponent):
    """Raise LimitExceeded when ``base ** exponent`` on integers would exceed MAX_INTEGER_BITS."""
    if isinstance(base, bool) or isinstance(exponent, bool):
        return
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        check_integer_bits(exponent * abs(base).bit_length())


def check_product(left, right):
    """Raise LimitExceeded when ``left * right`` would build a string, list or integer over the limits."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, bytes, list, tuple)) and isinstance(count, int) and not isinstance(count, bool):
            if count > 1:
                check_length(count * size_of(sequence, MAX_RESULT_SIZE // count + 1))
            return

    if _is_integer(left) and _is_integer(right):
        check_integer_bits(left.bit_length() + right.bit_length())


def check_sum(left, right):
    """Raise LimitExceeded when ``left + right`` would build a string or list over the limit."""
    if isinstance(left, (str, bytes, list, tuple)) and isinstance(right, (str, bytes, list, tuple)):
        check_length(size_of(left) + size_of(right))


def _is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)
