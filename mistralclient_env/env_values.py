"""Check a parsed --env, INPUT, PARAMS or environment value before it is sent.

JSON and YAML both accept values that a Mistral API, its database or a
strict JSON consumer cannot carry. check_value rejects them, naming the key
path and never the value:

- nesting deeper than MAX_NESTING_DEPTH mappings and lists, so that no
  later recursive step (JSON encoding, --debug masking, printing) can hit
  Python's recursion limit;
- numbers JSON has no form for: NaN, infinity, a float that overflows to
  infinity (``1e400``), or an integer too long for Python to read;
- control characters other than tab, line feed and carriage return, and
  lone UTF-16 surrogates, in keys and strings: PostgreSQL rejects U+0000,
  a surrogate cannot be encoded as UTF-8, and JSON parsers in other
  languages replace or reject both;
- a value whose JSON encoding exceeds MAX_ENCODED_BYTES, such as a small
  YAML text whose aliases expand to millions of values.

The walk is iterative, so it works for any depth.
"""

import logging
import math
import re
from json.encoder import encode_basestring_ascii

from mistralclient_env.exceptions import EnvInputError

LOG = logging.getLogger(__name__)

# Mappings and lists, counting the top-level mapping as level 1.
MAX_NESTING_DEPTH = 100

# Maximum bytes the value may take as JSON, encoded as the client encodes
# request bodies (ASCII, ", " and ": " separators).
MAX_ENCODED_BYTES = 1024 * 1024

# Python raises ValueError when it converts a longer digit string to int
# (its default int_max_str_digits, since 3.10.7 and 3.11).
MAX_INTEGER_DIGITS = 4300

# Cc characters other than tab, line feed and carriage return, and surrogates.
_UNSAFE_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

_SEPARATOR_LENGTH = 2  # ", " between items, and ": " after a key
_CONSTANT_LENGTHS = {True: 4, False: 5, None: 4}


class UnreadableInteger:
    """An integer literal longer than Python reads, kept so that check_value names its key."""

    def __init__(self, digits):
        self.digits = digits


def format_key_path(path):
    """Return ``key 'db.hosts[2].port'`` for a sequence of keys and list indexes."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif text:
            text += f".{part}"
        else:
            text = str(part)

    if not text:
        return "the document"
    return f"key {text!r}"


def check_value(value, argument, source):
    """Reject what the module docstring lists; return None when ``value`` can be sent.

    :param argument: the argument's name for messages, such as ``--env``.
    :param source: where the value came from, such as ``file 'env.yaml'``.
    :raises EnvInputError: naming ``source`` and the key path.
    """
    encoded_bytes = 0
    # Entries are (value, path, depth). A path is a linked (key, parent) pair,
    # so pushing a child costs nothing until a message needs the path.
    pending = [(value, None, 1)]

    while pending:
        item, path, depth = pending.pop()

        if isinstance(item, dict):
            _check_depth(depth, argument, source)
            encoded_bytes += _container_length(len(item)) + _SEPARATOR_LENGTH * len(item)
            children = []
            for key, child in item.items():
                child_path = (key, path)
                _check_text(str(key), child_path, argument, source, is_key=True)
                encoded_bytes += len(encode_basestring_ascii(str(key)))
                children.append((child, child_path, depth + 1))
            pending.extend(reversed(children))

        elif isinstance(item, list):
            _check_depth(depth, argument, source)
            encoded_bytes += _container_length(len(item))
            pending.extend((item[index], (index, path), depth + 1) for index in reversed(range(len(item))))

        elif isinstance(item, str):
            _check_text(item, path, argument, source, is_key=False)
            encoded_bytes += len(encode_basestring_ascii(item))

        elif isinstance(item, bool) or item is None:
            encoded_bytes += _CONSTANT_LENGTHS[item]

        elif isinstance(item, int):
            encoded_bytes += len(str(item))

        elif isinstance(item, float):
            _check_finite(item, path, argument, source)
            encoded_bytes += len(repr(item))

        elif isinstance(item, UnreadableInteger):
            raise EnvInputError(
                argument,
                f"the value of {_where(path)} in {source} is an integer of {item.digits} "
                f"digits, more than the {MAX_INTEGER_DIGITS} that can be read; write it as "
                "a string.",
            )

        else:
            raise EnvInputError(
                argument,
                f"the value of {_where(path)} in {source} is of type {type(item).__name__}, "
                "which JSON has no form for.",
            )

        if encoded_bytes > MAX_ENCODED_BYTES:
            raise EnvInputError(
                argument,
                f"{source} takes more than {describe_size(MAX_ENCODED_BYTES)} once encoded as "
                "JSON the way it is sent (YAML aliases expanded, non-ASCII characters escaped, "
                "a space after each ',' and ':'), the maximum for one argument.",
            )


def describe_size(size):
    """Return a size in bytes as ``1 MiB (1048576 bytes)``."""
    mebibytes = size / (1024 * 1024)
    return f"{mebibytes:g} MiB ({size} bytes)"


def _container_length(items):
    """Return the bytes of a container's brackets and of the ", " between its items."""
    return 2 + _SEPARATOR_LENGTH * max(items - 1, 0)


def _where(path):
    parts = []
    while path is not None:
        key, path = path
        parts.append(key)
    return format_key_path(reversed(parts))


def _check_depth(depth, argument, source):
    if depth > MAX_NESTING_DEPTH:
        raise EnvInputError(argument, nesting_message(source))


def nesting_message(source):
    """Return the message for a value nested deeper than MAX_NESTING_DEPTH."""
    return (
        f"{source} is nested too deeply: more than {MAX_NESTING_DEPTH} levels of "
        "mappings and lists."
    )


def _check_finite(number, path, argument, source):
    if math.isnan(number):
        problem = "is NaN"
    elif math.isinf(number):
        problem = "is infinite (Infinity, or a number too large for a 64-bit float, such as 1e400)"
    else:
        return

    raise EnvInputError(
        argument,
        f"the value of {_where(path)} in {source} {problem}, which is not a JSON number; "
        "write it as a string, or as a finite number.",
    )


def _check_text(text, path, argument, source, is_key):
    match = _UNSAFE_CHARACTER.search(text)
    if match is None:
        return

    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:
        problem = (
            f"the lone surrogate U+{code:04X}, half of a UTF-16 pair, which is not valid "
            "Unicode and cannot be encoded as UTF-8; write the whole character instead"
        )
    else:
        problem = (
            f"the control character U+{code:04X}, which not every consumer of the value can "
            "store (PostgreSQL rejects U+0000, for one); remove it. Tab, line feed and "
            "carriage return are allowed"
        )

    # A key's text is shown escaped (repr), which is safe: keys are not secrets.
    subject = f"the {_where(path)}" if is_key else f"the value of {_where(path)}"
    raise EnvInputError(argument, f"{subject} in {source} contains {problem}.")
