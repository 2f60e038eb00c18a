"""YAQL functions that check the size limits of ``expressions.limits`` before they build a value.

YAQL's engine options ``yaql.memoryQuota`` and ``yaql.limitIterators``
already stop ``'x' * n``, ``[x] * n`` and long iterations before they run,
and any function result over the quota after it returns. What they leave
is a single call that builds far more than its arguments: joining or
concatenating many strings, ``str()`` of a large structure, ``replace``
with a longer text, and integer powers. yaql 3.2.0 also misses ``[x] * n``
(its estimate assumes a list, but the operand arrives as a tuple).
Registered in the root context, these versions shadow the standard
library's and check first.
"""

import itertools

from yaql.language import specs, yaqltypes
from yaql.standard_library import math as yaql_math
from yaql.standard_library import strings as yaql_strings

from mistralclient_env.server.expressions import limits


def _listed(sequence):
    listed = list(itertools.islice(sequence, limits.MAX_ITEMS + 1))
    if len(listed) > limits.MAX_ITEMS:
        raise limits.LimitExceeded(f"a sequence has more than the limit of {limits.MAX_ITEMS} items")
    return listed


@specs.parameter("args", yaqltypes.String())
def concat(*args):
    limits.check_length(sum(len(text) for text in args))
    return "".join(args)


@specs.parameter("value", nullable=True)
@specs.name("str")
def to_string(value):
    limits.check_size(value)
    return yaql_strings.str_(value)


@specs.parameter("sequence", yaqltypes.Iterable())
@specs.parameter("separator", yaqltypes.String())
@specs.inject("str_delegate", yaqltypes.Delegate("str"))
@specs.method
def join(sequence, separator, str_delegate):
    items = _listed(sequence)
    limits.check_length(limits.size_of(items) + len(separator) * len(items))
    return separator.join(map(str_delegate, items))


@specs.parameter("sequence", yaqltypes.Iterable())
@specs.parameter("separator", yaqltypes.String())
@specs.inject("str_delegate", yaqltypes.Delegate("str"))
@specs.method
@specs.name("join")
def join_with_separator(separator, sequence, str_delegate):
    return join(sequence, separator, str_delegate)


@specs.parameter("string", yaqltypes.String())
@specs.parameter("old", yaqltypes.String())
@specs.parameter("new", yaqltypes.String())
@specs.parameter("count", int)
@specs.method
def replace(string, old, new, count=-1):
    occurrences = len(string) + 1 if not old else string.count(old)
    if count >= 0:
        occurrences = min(occurrences, count)
    limits.check_length(len(string) + occurrences * max(len(new) - len(old), 0))
    return string.replace(old, new, count)


@specs.parameter("left", yaqltypes.Sequence())
@specs.parameter("right", int)
@specs.name("#operator_*")
def repeat_sequence(left, right):
    limits.check_product(left, right)
    return left * right


@specs.parameter("left", int)
@specs.parameter("right", yaqltypes.Sequence())
@specs.name("#operator_*")
def repeat_sequence_reversed(left, right):
    return repeat_sequence(right, left)


@specs.parameter("a", yaqltypes.Number())
@specs.parameter("b", yaqltypes.Number())
@specs.parameter("c", yaqltypes.Number(nullable=True))
@specs.name("pow")
def power(a, b, c=None):
    if c is None:
        limits.check_power(a, b)
    return yaql_math.pow_(a, b, c)


def register(context):
    """Register the bounded functions in a YAQL context, over the standard library's."""
    context.register_function(concat)
    context.register_function(concat, name="#operator_+")
    context.register_function(to_string)
    context.register_function(join)
    context.register_function(join_with_separator)
    context.register_function(replace)
    context.register_function(power)
    context.register_function(repeat_sequence)
    context.register_function(repeat_sequence_reversed)
