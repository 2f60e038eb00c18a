"""Turn an --env, INPUT, PARAMS or environment file argument into a dict.

An argument is read in this order:

1. ``-`` reads standard input, so that a token need not appear on the
   command line or in the shell history.
2. The path of an existing file reads that file (opened read-only). Its
   content decides the format, whatever the extension.
3. Anything else is the text itself, except that a value which looks like
   a path (it contains ``/`` or ends with .json, .yaml or .yml, and has no
   ``": "``) is reported as a missing file instead of being parsed.

Text that starts with ``{`` or ``[`` is strict JSON. Anything else is YAML,
checked so that YAML 1.1's implicit typing never changes a value silently.
An unquoted value that YAML would turn into something other than what was
typed is an error naming the key. Examples are ``0123`` (read as 83), ``off``
(false), ``1.10`` (1.1), a date (a date object) and ``p@ss #2`` (cut at the
comment).

At most MAX_INPUT_BYTES are read from a file or standard input, so that
/dev/zero or an endless pipe stops at the limit. The parsed value is then
checked by env_values.check_value (nesting depth, numbers JSON cannot
carry, control characters, encoded size).

Every error is an EnvInputError. Messages may quote a path, but never the
text of an argument (a token passed by mistake would be printed) nor the
content of a file or of standard input beyond key names and line and
column numbers.
"""

import json
import logging
import math
import os
import re
import sys

from mistralclient_env.env_values import (
    MAX_INTEGER_DIGITS,
    MAX_NESTING_DEPTH,
    UnreadableInteger,
    check_value,
    describe_size,
    format_key_path,
    nesting_message,
)
from mistralclient_env.exceptions import EnvInputError

LOG = logging.getLogger(__name__)

STDIN_ARGUMENT = "-"

# Maximum bytes read from one argument, file or standard input.
# NOTE: the bundled server rejects request bodies over 1 MiB by default, the
# same figure. A value near the limit can still make a body over it, because
# JSON escapes add bytes (task-rerun sends env as a string inside the JSON).
MAX_INPUT_BYTES = 1024 * 1024

_PATH_SUFFIXES = (".json", ".yaml", ".yml")

_MAPPING_HINT = 'write KEY: VALUE (YAML) or {"KEY": "VALUE"} (JSON)'

# Shapes of a one-line text that is a string to YAML but was meant as a mapping.
_KEY_EQUALS_VALUE = re.compile(r"[A-Za-z_][\w.-]*=")
_KEY_COLON_WITHOUT_SPACE = re.compile(r"[A-Za-z_][\w.-]*:[^\s]")
_NAME_LIKE = re.compile(r"[A-Za-z0-9][\w.-]*\Z")

# Python's JSON messages for these end with "at", meant to be followed by a
# position that JSONDecodeError keeps apart.
_JSON_UNTERMINATED_STRING = "Unterminated string starting at"
_JSON_CONTROL_CHARACTER = "Invalid control character"
_JSON_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

_YAML_TAG_PREFIX = "tag:yaml.org,2002:"
_STR_TAG = _YAML_TAG_PREFIX + "str"
_INT_TAG = _YAML_TAG_PREFIX + "int"
_FLOAT_TAG = _YAML_TAG_PREFIX + "float"
_BOOL_TAG = _YAML_TAG_PREFIX + "bool"
_NULL_TAG = _YAML_TAG_PREFIX + "null"
_MAP_TAG = _YAML_TAG_PREFIX + "map"
_SEQ_TAG = _YAML_TAG_PREFIX + "seq"
_MERGE_TAG = _YAML_TAG_PREFIX + "merge"
_TIMESTAMP_TAG = _YAML_TAG_PREFIX + "timestamp"

# Tags a user may write explicitly (``!!int 0123``): their result is asked for.
_EXPLICIT_SCALAR_TAGS = frozenset({_STR_TAG, _INT_TAG, _FLOAT_TAG, _BOOL_TAG, _NULL_TAG})

# YAML 1.2's core schema booleans. YAML 1.1 also reads yes/no/on/off so.
_KEPT_BOOLEANS = frozenset({"true", "false", "True", "False", "TRUE", "FALSE"})

# Integers written the way JSON writes them: no sign, leading zero, base prefix,
# underscore or colon, all of which YAML 1.1 accepts and drops.
_KEPT_INTEGER = re.compile(r"(?:0|-?[1-9][0-9]*)\Z")

# A comment after a plain scalar on the same line.
_TRAILING_COMMENT = re.compile(r"[ \t]+#")

# Numbers of the YAML 1.2 core schema. PyYAML follows YAML 1.1, which reads
# some of them, such as 1e3 (an exponent without a dot), as text.
_YAML12_NUMBER = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z"
    r"|0o[0-7]+\Z|0x[0-9a-fA-F]+\Z"
)


class _Source:
    """The origin of an argument's text, as messages name it."""

    def __init__(self, description):
        self.description = description

    def __str__(self):
        return self.description


def read_env(value, stdin=None):
    """Read an --env argument into a dict.

    ``None`` (the option was not given) returns an empty dict. An empty
    mapping is returned as it is; callers do not send it, as OpenStack's
    client does not.

    :raises EnvInputError: as read_mapping does.
    """
    if value is None:
        return {}

    return read_mapping(value, argument="--env", stdin=stdin)


def read_mapping(value, argument, stdin=None):
    """Read one argument (``-``, a file path or text) into a dict.

    :param value: the argument as given on the command line.
    :param argument: its name for messages, such as ``--env`` or ``PARAMS``.
    :param stdin: stream read for ``-``; sys.stdin when None.
    :returns: the mapping, possibly empty.
    :raises EnvInputError: the value is empty, names a missing, unreadable
        or non-UTF-8 file, is larger than MAX_INPUT_BYTES, is invalid JSON
        or YAML, relies on YAML implicit typing that changes a value, is
        something other than a mapping, or fails env_values.check_value.
    """
    text, source = _load_text(value, argument, stdin)
    document = parse_document(text, argument, source)

    if not isinstance(document, dict):
        raise EnvInputError(argument, _describe_non_mapping(document, text, argument, source))

    check_value(document, argument, source)
    return document


def _describe_non_mapping(document, text, argument, source):
    # The text itself is never quoted: it may be the token that belongs
    # under a key.
    message = (
        f"{source} parses as {_describe_type(document)}, but a mapping of names to values "
        f"is required: {_MAPPING_HINT}."
    )
    if not isinstance(document, str):
        return message

    line = text.strip()
    if _KEY_EQUALS_VALUE.match(line):
        message += " KEY=VALUE is not YAML."
    elif _KEY_COLON_WITHOUT_SPACE.match(line):
        message += " YAML needs a space after the colon that ends a key."
    elif argument == "--env" and _NAME_LIKE.match(line):
        message += (
            " If it names a stored environment, give it inside PARAMS instead, on "
            "execution-create only: '{\"env\": \"NAME\"}'."
        )
    return message


def read_environment_file(value, argument="FILE", stdin=None, require_variables=True):
    """Read the file of environment-create or environment-update.

    The file is a mapping with ``name`` (required), and optionally
    ``description``, ``variables`` and ``scope`` (``private`` or
    ``public``). ``variables`` is a mapping, or a JSON string holding one as
    ``environment-get --export`` prints it.

    :returns: a dict with the keys found, ``variables`` decoded to a dict.
    :raises EnvInputError: on any reading error, an unknown key, a missing
        name, or variables that are not a mapping. Variables are required
        when ``require_variables`` is true.
    """
    document = read_mapping(value, argument=argument, stdin=stdin)

    unknown = sorted(set(document) - {"name", "description", "variables", "scope"})
    if unknown:
        raise EnvInputError(
            argument,
            f"unknown key(s) {', '.join(repr(key) for key in unknown)}; an environment file "
            "has name, description, variables and scope.",
        )

    name = document.get("name")
    if not isinstance(name, str) or not name:
        raise EnvInputError(argument, "the environment file needs a non-empty string 'name'.")

    scope = document.get("scope")
    if scope is not None and scope not in ("private", "public"):
        raise EnvInputError(argument, "'scope' must be private or public.")

    description = document.get("description")
    if description is not None and not isinstance(description, str):
        raise EnvInputError(argument, "'description' must be a string.")

    if "variables" in document:
        document["variables"] = _decode_variables(document["variables"], argument)
    elif require_variables:
        raise EnvInputError(argument, "the environment file needs 'variables', a mapping.")

    return document


def _decode_variables(variables, argument):
    source = _Source("'variables'")
    if isinstance(variables, str):
        if not variables.strip():
            raise EnvInputError(argument, f"{source} is empty, but a mapping is required.")
        variables = _parse_json(variables, argument, source)

    if not isinstance(variables, dict):
        raise EnvInputError(
            argument, f"'variables' is {_describe_type(variables)}, but must be a mapping."
        )

    check_value(variables, argument, source)
    return variables


def read_bounded(stream, limit=MAX_INPUT_BYTES):
    """Read a binary or text stream to its end, but never more than ``limit`` bytes.

    Reading stops at the limit, so an endless stream (/dev/zero, a pipe
    from ``yes``) costs ``limit`` bytes of memory at most.

    :returns: the bytes or text read, or None when the stream contains more
        than ``limit`` bytes (UTF-8 bytes for a text stream).
    :raises OSError: as the stream's read does.
    """
    data = stream.read(limit + 1)

    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > limit:
        return None
    return data


def too_large_message(source, limit=MAX_INPUT_BYTES):
    """Return the message for an input larger than ``limit`` bytes."""
    return f"{source} is larger than the maximum of {describe_size(limit)}; nothing was sent."


def _load_text(value, argument, stdin):
    if value == "":
        raise EnvInputError(
            argument,
            "the value is empty (an unset shell variable gives an empty value). "
            "Pass JSON or YAML text, the path of a file, or - to read standard input.",
        )

    if value == STDIN_ARGUMENT:
        return _read_stdin(argument, stdin), _Source("standard input")

    if os.path.isdir(value):
        raise EnvInputError(argument, f"{value!r} is a directory, not a file.")

    if os.path.exists(value):
        return _read_file(value, argument), _Source(f"file {value!r}")

    if os.path.lexists(value):
        raise EnvInputError(argument, f"file {value!r} is a broken symbolic link.")

    if _looks_like_path(value):
        raise EnvInputError(argument, _missing_path_message(value))

    source = _Source("the text given")
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:
        # The command line held bytes that are not UTF-8 (Python keeps them
        # as lone surrogates).
        raise EnvInputError(argument, f"{source} is not UTF-8 text.") from None

    if size > MAX_INPUT_BYTES:
        raise EnvInputError(argument, too_large_message(source))

    return value, source


def _missing_path_message(value):
    hint = "Pass the path of an existing file, JSON or YAML text, or - to read standard input."

    if _path_may_be_quoted(value):
        return f"file {value!r} not found. {hint}"

    # A token may contain "/" too, so a value that is not plainly a path is
    # described, not quoted.
    return f"the value given contains '/' like a path, but no such file exists. {hint}"


def _path_may_be_quoted(value):
    if value.lower().endswith(_PATH_SUFFIXES):
        return True

    directory = os.path.dirname(value)
    return directory not in ("", os.sep) and os.path.isdir(directory)


def _read_stdin(argument, stdin):
    stream = sys.stdin if stdin is None else stdin
    if stream is None:
        raise EnvInputError(argument, "- reads standard input, but there is none.")

    source = "standard input"
    if _is_terminal(stream):
        print(f"Reading {argument} from standard input; end it with Ctrl-D on a line of its own.",
              file=sys.stderr)

    try:
        raw = read_bounded(stream.buffer if hasattr(stream, "buffer") else stream)
    except OSError as exc:
        raise EnvInputError(argument, f"cannot read {source}: {exc.strerror}.") from None

    if raw is None:
        raise EnvInputError(argument, too_large_message(source))

    if isinstance(raw, bytes):
        return _decode_utf8(raw, argument, source)

    return raw


def _is_terminal(stream):
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _read_file(path, argument):
    source = f"file {path!r}"
    try:
        with open(path, "rb") as stream:
            raw = read_bounded(stream)
    except PermissionError:
        raise EnvInputError(argument, f"cannot read {source}: permission denied.") from None
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise EnvInputError(argument, f"cannot read {source}: {reason}.") from None

    if raw is None:
        raise EnvInputError(argument, too_large_message(source))

    return _decode_utf8(raw, argument, source)


def _decode_utf8(raw, argument, source):
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EnvInputError(
            argument, f"{source} is not UTF-8 text (invalid byte at offset {exc.start})."
        ) from None


def _looks_like_path(value):
    if value.lstrip()[:1] in ("{", "["):
        return False

    if "\n" in value or ": " in value or value.endswith(":") or "://" in value:
        return False

    return "/" in value or os.sep in value or value.lower().endswith(_PATH_SUFFIXES)


def parse_document(text, argument, source):
    """Parse JSON or YAML text as described in the module docstring.

    ``source`` names the text's origin in messages. Returns any value; the
    caller checks its type. Empty text (or only comments) is an error.
    """
    if not text.strip():
        raise EnvInputError(argument, f"{source} is empty, but a mapping is required: {_MAPPING_HINT}.")

    if text.lstrip()[:1] in ("{", "["):
        return _parse_json(text, argument, source)

    document = _parse_yaml(text, argument, source)
    if document is None:
        raise EnvInputError(
            argument,
            f"{source} contains no value (only comments or null), but a mapping is required: "
            f"{_MAPPING_HINT}.",
        )

    return document


class _DuplicateKey(Exception):
    def __init__(self, key):
        self.key = key


def _reject_duplicate_keys(pairs):
    mapping = {}
    for key, value in pairs:
        if key in mapping:
            raise _DuplicateKey(key)
        mapping[key] = value
    return mapping


def _read_constant(name):
    # NaN, Infinity and -Infinity become floats that check_value rejects
    # with the key they belong to.
    return float(name.replace("Infinity", "inf"))


def _read_integer(digits):
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        return UnreadableInteger(len(digits.lstrip("-")))
    return int(digits)


def _parse_json(text, argument, source):
    try:
        return json.loads(
            text,
            object_pairs_hook=_reject_duplicate_keys,
            parse_constant=_read_constant,
            parse_int=_read_integer,
        )
    except json.JSONDecodeError as exc:
        raise EnvInputError(
            argument,
            f"invalid JSON in {source} at line {exc.lineno}, column {exc.colno}: "
            f"{_describe_json_error(exc)}. Text that starts with {{ or [ is read as strict "
            "JSON: quote keys and strings with double quotes.",
        ) from None
    except _DuplicateKey as exc:
        raise EnvInputError(argument, f"key {exc.key!r} appears twice in {source}.") from None
    except RecursionError:
        raise EnvInputError(argument, nesting_message(source)) from None


def _describe_json_error(exc):
    """Return the cause of a JSONDecodeError as a whole clause, without the text."""
    if exc.msg == _JSON_UNTERMINATED_STRING:
        return "a string starts here but has no closing double quote"

    if exc.msg.startswith(_JSON_CONTROL_CHARACTER):
        character = exc.doc[exc.pos] if exc.pos < len(exc.doc) else ""
        escape = _JSON_ESCAPES.get(character)
        if escape:
            return (
                f"the control character U+{ord(character):04X} inside a string must be "
                f"written as the escape {escape}"
            )
        code = f" U+{ord(character):04X}" if character else ""
        return (
            f"the control character{code} is not allowed inside a string (of the control "
            "characters only tab, line feed and carriage return are, written as \\t, \\n and \\r)"
        )

    # Python's other messages are whole ("Expecting value"), but some end
    # with a dangling "at" in some versions.
    cause = re.sub(r"\s+at\Z", "", exc.msg)
    return cause[:1].lower() + cause[1:]


def _parse_yaml(text, argument, source):
    import yaml  # NOTE: imported here so that commands without YAML input start faster.

    loader = None
    try:
        # The reader rejects non-printable characters as soon as it is built.
        loader = yaml.SafeLoader(text)
        root = loader.get_single_node()
        if root is None:
            return None

        _YamlChecker(loader, argument, source).check(root)
        return loader.construct_document(root)
    except yaml.reader.ReaderError as exc:
        raise EnvInputError(argument, _describe_reader_error(exc, text, source)) from None
    except yaml.MarkedYAMLError as exc:
        raise EnvInputError(argument, _describe_yaml_error(exc, source)) from None
    except yaml.YAMLError as exc:
        raise EnvInputError(argument, f"invalid YAML in {source}: {type(exc).__name__}.") from None
    except RecursionError:
        raise EnvInputError(argument, nesting_message(source)) from None
    finally:
        if loader is not None:
            loader.dispose()


def _describe_reader_error(exc, text, source):
    position = exc.position if isinstance(exc.position, int) else 0
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else 0

    if code < 0x20 or 0x7F <= code <= 0x9F:
        character = f"the control character U+{code:04X}"
    else:
        character = f"the character U+{code:04X}"

    return (
        f"{source} contains {character} at line {line}, column {column}, which YAML does "
        "not allow (of the control characters only tab, line feed and carriage return are "
        "allowed); remove it."
    )


def _describe_yaml_error(exc, source):
    # NOTE: str(exc) would quote the offending line; only the parser's own
    # wording and the position are used, so file content stays out.
    mark = exc.problem_mark or exc.context_mark
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = exc.problem or exc.context or "cannot be parsed"
    if exc.problem and exc.context:
        problem = f"{exc.problem} ({exc.context})"

    return f"invalid YAML in {source}{where}: {problem}."


class _YamlChecker:
    """Walk a composed YAML node tree and reject values YAML would change.

    Each node is checked once, so aliases cost nothing extra and a
    recursive alias is found instead of looping.
    """

    def __init__(self, loader, argument, source):
        self._loader = loader
        self._argument = argument
        self._source = source
        self._checked = set()
        self._in_progress = set()

    def check(self, node):
        self._check_node(node, [])

    def _fail(self, message, node):
        mark = node.start_mark
        raise EnvInputError(
            self._argument,
            f"{message} (in {self._source}, line {mark.line + 1}, column {mark.column + 1}).",
        )

    def _check_node(self, node, path):
        import yaml

        if id(node) in self._in_progress:
            self._fail(f"{format_key_path(path)} refers to itself through an alias", node)
        if id(node) in self._checked:
            return

        is_container = isinstance(node, (yaml.MappingNode, yaml.SequenceNode))
        if is_container and len(path) >= MAX_NESTING_DEPTH:
            # Checked here, well below Python's recursion limit, so that this
            # walk and every later step work on what passes.
            raise EnvInputError(self._argument, nesting_message(self._source))

        self._in_progress.add(id(node))
        if isinstance(node, yaml.MappingNode):
            self._check_mapping(node, path)
        elif isinstance(node, yaml.SequenceNode):
            self._check_sequence(node, path)
        else:
            self._check_scalar(node, path)
        self._in_progress.discard(id(node))
        self._checked.add(id(node))

    def _check_mapping(self, node, path):
        import yaml

        if node.tag != _MAP_TAG:
            self._fail(f"{format_key_path(path)} has the unsupported tag {node.tag}", node)

        seen = set()
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self._check_merge_source(value_node, path)
                continue

            if not isinstance(key_node, yaml.ScalarNode):
                self._fail(f"a key{self._under(path)} is not a string", key_node)

            key = key_node.value
            if not self._is_string_scalar(key_node):
                self._fail(
                    f"key {key!r}{self._under(path)} is read by YAML as "
                    f"{self._describe_tag(key_node.tag)}, but keys must be strings; quote it",
                    key_node,
                )
            if key in seen:
                self._fail(f"{format_key_path(path + [key])} appears twice", key_node)
            seen.add(key)

            self._check_node(value_node, path + [key])

    def _check_merge_source(self, node, path):
        import yaml

        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for source_node in sources:
            if not isinstance(source_node, yaml.MappingNode):
                self._fail(f"a merge key (<<){self._under(path)} needs a mapping", node)
            self._check_node(source_node, path)

    @staticmethod
    def _under(path):
        return f" under {format_key_path(path)}" if path else ""

    def _check_sequence(self, node, path):
        if node.tag != _SEQ_TAG:
            self._fail(f"{format_key_path(path)} has the unsupported tag {node.tag}", node)

        for index, item in enumerate(node.value):
            self._check_node(item, path + [index])

    def _is_string_scalar(self, node):
        return node.tag == _STR_TAG

    def _check_scalar(self, node, path):
        import yaml

        where = format_key_path(path)
        if node.style is not None:
            if node.tag not in _EXPLICIT_SCALAR_TAGS:
                self._fail(f"{where} has the unsupported tag {node.tag}", node)
            self._check_number(node, where)
            return

        implicit_tag = self._loader.resolve(yaml.ScalarNode, node.value, (True, False))
        if node.tag != implicit_tag:
            # Written with an explicit tag such as !!str or !!int.
            if node.tag not in _EXPLICIT_SCALAR_TAGS:
                self._fail(f"{where} has the unsupported tag {node.tag}", node)
            self._check_number(node, where)
        else:
            self._check_number(node, where)
            self._check_implicit_type(node, where)

        self._check_trailing_comment(node, where)

    def _check_number(self, node, where):
        """Reject a number, boolean or null scalar that cannot be built, or is not finite.

        PyYAML's constructor raises ValueError or KeyError quoting the text
        for ``!!int abc``, and Python refuses integers of more than
        MAX_INTEGER_DIGITS digits. Building the node here caches it for
        construct_document.
        """
        if node.tag not in (_INT_TAG, _FLOAT_TAG, _BOOL_TAG):
            return

        if node.tag == _INT_TAG and len(node.value.lstrip("+-")) > MAX_INTEGER_DIGITS:
            self._fail(
                f"the value of {where} is an integer of more than {MAX_INTEGER_DIGITS} digits, "
                'which cannot be read; quote the value ("...") to keep it as text',
                node,
            )

        try:
            value = self._loader.construct_object(node)
        except (ValueError, KeyError, TypeError):
            self._fail(
                f"the value of {where} is tagged !!{node.tag[len(_YAML_TAG_PREFIX):]} but "
                f"cannot be read as {self._describe_tag(node.tag)}",
                node,
            )

        if isinstance(value, float) and not math.isfinite(value):
            self._fail(
                f"the value of {where} is read by YAML as {'NaN' if math.isnan(value) else 'infinity'}, "
                'which is not a JSON number; quote the value ("...") to keep it as text',
                node,
            )

    def _check_implicit_type(self, node, where):
        text = node.value
        tag = node.tag
        quote_hint = 'quote the value ("...") to keep it as text'

        if tag == _STR_TAG and _YAML12_NUMBER.match(text):
            self._fail(
                f"the unquoted value of {where} is text for YAML 1.1 but a number for JSON "
                f"and YAML 1.2; {quote_hint}, or write the number in JSON",
                node,
            )

        if tag in (_STR_TAG, _NULL_TAG):
            return

        if tag == _BOOL_TAG:
            if text not in _KEPT_BOOLEANS:
                self._fail(
                    f"the unquoted value of {where} is read by YAML 1.1 as a boolean "
                    f"(yes, no, on, off and their variants are booleans); {quote_hint}, "
                    "or write true or false",
                    node,
                )
            return

        if tag == _INT_TAG:
            if not _KEPT_INTEGER.match(text):
                self._fail(
                    f"the unquoted value of {where} is read by YAML 1.1 as an integer that "
                    "differs from what was typed (leading zeros, a sign, 0x/0o/0b prefixes, "
                    f"underscores and colons are not kept); {quote_hint}",
                    node,
                )
            return

        if tag == _FLOAT_TAG:
            if not self._float_keeps_text(text):
                self._fail(
                    f"the unquoted value of {where} is read by YAML as a number that differs "
                    "from what was typed (trailing zeros, exponents, extra digits and "
                    f".inf/.nan are not kept); {quote_hint}",
                    node,
                )
            return

        if tag == _TIMESTAMP_TAG:
            self._fail(f"the unquoted value of {where} is read by YAML as a date; {quote_hint}", node)

        self._fail(
            f"the unquoted value of {where} is read by YAML as {self._describe_tag(tag)}; "
            f"{quote_hint}",
            node,
        )

    @staticmethod
    def _float_keeps_text(text):
        # Python's float() accepts underscores, which YAML drops; make them fail.
        try:
            number = float(text.replace("_", "x"))
        except ValueError:
            return False
        return repr(number) == text

    def _check_trailing_comment(self, node, where):
        mark = node.end_mark
        if mark.buffer is None or node.value == "":
            return

        if _TRAILING_COMMENT.match(mark.buffer, mark.pointer):
            self._fail(
                f"' #' after the unquoted value of {where} starts a YAML comment, so the "
                "value would be cut there; quote the value if the # belongs to it, or put "
                "the comment on its own line",
                node,
            )

    @staticmethod
    def _describe_tag(tag):
        names = {
            _BOOL_TAG: "a boolean",
            _INT_TAG: "an integer",
            _FLOAT_TAG: "a number",
            _NULL_TAG: "null",
            _TIMESTAMP_TAG: "a date",
            _STR_TAG: "a string",
        }
        return names.get(tag, f"the type {tag}")


def _describe_type(value):
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "null"
    return f"a value of type {type(value).__name__}"
