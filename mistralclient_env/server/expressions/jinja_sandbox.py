"""A Jinja2 sandbox that bounds the size of the values a template builds.

Jinja2's SandboxedEnvironment blocks unsafe attributes and caps ``range``,
but lets ``'x' * 1000000000`` allocate a gigabyte. The environment here
checks, against the limits of ``expressions.limits``:

- ``*``, ``+``, ``**`` and ``%`` before they run (``call_binop``);
- ``~`` concatenation, through a code generator that routes it to
  :meth:`BoundedSandbox.join_strings`;
- calls of the ``str`` methods that grow a string (padding, ``replace``,
  ``join``, ``format``, ``translate``, ``expandtabs``) before they run, and
  the size of every string a call returns and of every list, dict or set a
  call changes;
- the filters that grow a value, before they run, and what every filter
  returns;
- each ``{{ }}`` output of a template (``finalize``);
- ``range``, to ``limits.MAX_ITEMS`` items.

``lipsum`` is removed: it generates text of any size and has no use in a
workflow. A template's rendered text is checked while it is produced, by
:func:`render_bounded`.
"""

import functools
import itertools
import re

from jinja2 import Environment
from jinja2.compiler import CodeGenerator
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from mistralclient_env.server.expressions import limits

_GROWING_STRING_METHODS = frozenset({
    "ljust", "rjust", "center", "zfill", "expandtabs", "replace", "join", "format", "format_map", "translate",
})

_MUTATED_TYPES = (list, dict, set)

_JINJA_OBJECTS = (Context, EvalContext, Environment)

_DIGITS = re.compile(r"\d+")

_FORMAT_FIELD = re.compile(r"\{[^{}]*\}|%[^%]")

# Filters that build a string from the whole value they are given.
_STRINGIFYING_FILTERS = frozenset({
    "string", "tojson", "pprint", "urlencode", "xmlattr", "escape", "e", "forceescape", "urlize", "safe",
})


class _BoundedCodeGenerator(CodeGenerator):
    """Compile ``a ~ b`` to a call of ``environment.join_strings`` instead of a plain join."""

    def visit_Concat(self, node, frame):
        if frame.eval_ctx.autoescape or frame.eval_ctx.volatile:
            return super().visit_Concat(node, frame)

        self.write("environment.join_strings((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class BoundedSandbox(SandboxedEnvironment):
    """A SandboxedEnvironment whose templates raise LimitExceeded instead of building oversized values."""

    intercepted_binops = frozenset({"*", "+", "**", "%"})
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, **options):
        super().__init__(finalize=_check_output, **options)
        self.globals.pop("lipsum", None)
        self.globals["range"] = _bounded_range
        self.filters = {name: _bounded_filter(name, function) for name, function in self.filters.items()}

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            limits.check_product(left, right)
        elif operator == "+":
            limits.check_sum(left, right)
        elif operator == "**":
            limits.check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            limits.check_length(_formatted_size(left, right))

        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (the sandbox's own signature)
        receiver = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        name = getattr(__obj, "__name__", "")

        if isinstance(receiver, (str, bytes)) and name in _GROWING_STRING_METHODS:
            args = _check_string_method(receiver, name, args, kwargs)

        result = super().call(__context, __obj, *args, **kwargs)

        if isinstance(result, (str, bytes)):
            limits.check_length(len(result))
        if isinstance(receiver, _MUTATED_TYPES):
            limits.check_length(len(receiver), "a list, dict or set")

        return result

    def join_strings(self, parts):
        """Concatenate the operands of ``~`` as text, after checking the size of the result."""
        parts = tuple(parts)
        limits.check_length(sum(limits.size_of(part) for part in parts))
        return "".join(str(part) for part in parts)


def _bounded_range(*args):
    numbers = range(*args)
    if len(numbers) > limits.MAX_ITEMS:
        raise limits.LimitExceeded(f"a range has more than the limit of {limits.MAX_ITEMS} items")
    return numbers


def render_bounded(template, variables):
    """Render ``template`` and return its text; raise LimitExceeded once the text passes the limit."""
    chunks = []
    length = 0

    for chunk in template.generate(**variables):
        length += len(chunk)
        limits.check_length(length, "the rendered text")
        chunks.append(chunk)

    return "".join(chunks)


def _check_output(value):
    limits.check_size(value, "a template output")
    return value


def _check_string_method(text, name, args, kwargs):
    """Raise LimitExceeded if a growing method of ``text`` would build an oversized string; return the args.

    ``join`` gets its items as a list, so an iterator is not consumed twice.
    """
    if name in ("ljust", "rjust", "center", "zfill"):
        width = args[0] if args else kwargs.get("width", 0)
        if isinstance(width, int):
            limits.check_length(width)
    elif name == "expandtabs":
        tab_size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(tab_size, int):
            limits.check_length(len(text) + text.count("\t" if isinstance(text, str) else b"\t") * tab_size)
    elif name == "replace" and len(args) >= 2:
        limits.check_length(_replaced_size(text, args[0], args[1], args[2] if len(args) > 2 else -1))
    elif name == "join" and args:
        items = _bounded_list(args[0])
        items = items if isinstance(items, (list, tuple)) else list(items)
        limits.check_length(sum(limits.size_of(item) for item in items) + len(text) * len(items))
        args = (items, *args[1:])
    elif name in ("format", "format_map"):
        values = (*args, *kwargs.values())
        limits.check_length(_formatted_size(text, values))
    elif name == "translate" and args and hasattr(args[0], "values"):
        longest = max((limits.size_of(value) for value in args[0].values()), default=1)
        limits.check_length(len(text) * max(longest, 1))

    return args


def _replaced_size(text, old, new, count):
    if not isinstance(old, type(text)) or not isinstance(new, type(text)):
        return len(text)

    occurrences = len(text) + 1 if not old else text.count(old)
    if isinstance(count, int) and count >= 0:
        occurrences = min(occurrences, count)

    return len(text) + occurrences * max(len(new) - len(old), 0)


def _formatted_size(template, values):
    """Estimate the longest text that formatting ``template`` with ``values`` can give.

    Every field may repeat the largest value, and every number in the
    template may be a width or a precision.
    """
    if not isinstance(values, (tuple, list)):
        values = (values,)

    fields = len(_FORMAT_FIELD.findall(template))
    largest = max((limits.size_of(value) for value in values), default=0)
    widths = sum(int(digits) for digits in _DIGITS.findall(template) if len(digits) <= 9) + sum(
        limits.MAX_RESULT_SIZE + 1 for digits in _DIGITS.findall(template) if len(digits) > 9
    )
    return len(template) + fields * largest + widths


def _bounded_filter(name, function):
    """Wrap a filter so that it checks its size limits; the wrapper keeps the filter's pass_* marker."""

    @functools.wraps(function)
    def bounded(*args, **kwargs):
        # Filters marked pass_context, pass_eval_context or pass_environment get that object first.
        skipped = 1 if args and isinstance(args[0], _JINJA_OBJECTS) else 0

        if name == "join" and len(args) > skipped:
            args = (*args[:skipped], _bounded_list(args[skipped]), *args[skipped + 1:])

        _check_filter_arguments(name, list(args[skipped:]), kwargs)

        result = function(*args, **kwargs)

        if isinstance(result, (str, bytes, list, tuple, dict)):
            limits.check_size(result, f"the result of the filter '{name}'")
        return result

    return bounded


def _bounded_list(items):
    """Return ``items`` as a list or tuple; an iterator is read up to MAX_ITEMS items."""
    if isinstance(items, (list, tuple, str, dict)) or not hasattr(items, "__iter__"):
        return items

    listed = list(itertools.islice(items, limits.MAX_ITEMS + 1))
    if len(listed) > limits.MAX_ITEMS:
        raise limits.LimitExceeded(f"a sequence has more than the limit of {limits.MAX_ITEMS} items")
    return listed


def _check_filter_arguments(name, values, kwargs):
    if not values:
        return

    subject = values[0]
    options = values[1:]

    if name in _STRINGIFYING_FILTERS:
        limits.check_size(subject, f"the input of the filter '{name}'")
    elif name == "center" and options and isinstance(options[0], int):
        limits.check_length(options[0])
    elif name == "indent" and isinstance(subject, str):
        # The width is a number of spaces, or the text to indent with.
        width = options[0] if options else kwargs.get("width", 4)
        if isinstance(width, str):
            width = len(width)
        if isinstance(width, int):
            limits.check_length(len(subject) + (subject.count("\n") + 1) * width)
    elif name == "wordwrap" and isinstance(subject, str):
        width = options[0] if options else kwargs.get("width", 79)
        separator = kwargs.get("wrapstring") or (options[2] if len(options) > 2 else None) or "\n"
        lines = len(subject) // max(width, 1) + 1 if isinstance(width, int) else 1
        limits.check_length(len(subject) + lines * limits.size_of(separator))
    elif name == "replace" and len(options) >= 2 and isinstance(subject, str):
        count = options[2] if len(options) > 2 else kwargs.get("count")
        limits.check_length(_replaced_size(subject, options[0], options[1], count if count is not None else -1))
    elif name == "join":
        separator = options[0] if options else kwargs.get("d", "")
        items = subject if isinstance(subject, (list, tuple)) else ()
        limits.check_length(limits.size_of(items) + limits.size_of(separator) * len(items))
    elif name == "format" and isinstance(subject, str):
        limits.check_length(_formatted_size(subject, (*options, *kwargs.values())))
    elif name == "batch" and options and isinstance(options[0], int):
        limits.check_length(options[0], "a batch")
