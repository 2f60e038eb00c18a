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

Every error is an EnvInputError. Messages quote a path, or a short text
argument the user typed, but never the content of a file or of standard
input beyond key names and line and column numbers.
"""

import json
import logging
import os
import re
import sys

from mistralclient_env.exceptions import EnvInputError

LOG = logging.getLogger(__name__)

STDIN_ARGUMENT = "-"

# Text arguments up to this many characters are quoted in error messages.
_QUOTABLE_TEXT_LENGTH = 40

_PATH_SUFFIXES = (".json", ".yaml", ".yml")

_MAPPING_EXAMPLE = 'key: value or {"key": "value"}'

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


class _Source:
    """Where an argument's text came from, for error messages.

    ``quoted`` may quote a short text argument. It is used only when the
    text is rejected as a whole (not a mapping). ``str()`` never quotes
    text, because a text that is a valid mapping may contain a token.
    """

    def __init__(self, description, quoted=None):
        self.description = description
        self.quoted = quoted or description

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
        or non-UTF-8 file, is invalid JSON or YAML, relies on YAML implicit
        typing that changes a value, or is something other than a mapping.
    """
    text, source = _load_text(value, argument, stdin)
    document = parse_document(text, argument, source)

    if not isinstance(document, dict):
        raise EnvInputError(
            argument,
            f"{source.quoted} parses as {_describe_type(document)}, but a mapping of names to "
            f"values is required ({_MAPPING_EXAMPLE}).",
        )

    return document


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
    if isinstance(variables, str):
        try:
            variables = json.loads(variables)
        except ValueError as exc:
            raise EnvInputError(
                argument, f"'variables' is a string but not valid JSON: {exc.msg}."
            ) from None

    if not isinstance(variables, dict):
        raise EnvInputError(
            argument, f"'variables' is {_describe_type(variables)}, but must be a mapping."
        )

    return variables


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
        raise EnvInputError(
            argument,
            f"file {value!r} not found. Pass the path of an existing file, "
            "JSON or YAML text, or - to read standard input.",
        )

    if len(value) <= _QUOTABLE_TEXT_LENGTH and "\n" not in value:
        return value, _Source("the text given", quoted=f"the text {value!r}")

    return value, _Source("the text given")


def _read_stdin(argument, stdin):
    stream = sys.stdin if stdin is None else stdin
    if stream is None:
        raise EnvInputError(argument, "- reads standard input, but there is none.")

    try:
        raw = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
    except OSError as exc:
        raise EnvInputError(argument, f"cannot read standard input: {exc.strerror}.") from None

    if isinstance(raw, bytes):
        return _decode_utf8(raw, argument, "standard input")

    return raw


def _read_file(path, argument):
    try:
        with open(path, "rb") as stream:
            raw = stream.read()
    except PermissionError:
        raise EnvInputError(argument, f"cannot read file {path!r}: permission denied.") from None
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise EnvInputError(argument, f"cannot read file {path!r}: {reason}.") from None

    return _decode_utf8(raw, argument, f"file {path!r}")


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
        raise EnvInputError(
            argument, f"{source} is empty, but a mapping is required ({_MAPPING_EXAMPLE})."
        )

    if text.lstrip()[:1] in ("{", "["):
        return _parse_json(text, argument, source)

    document = _parse_yaml(text, argument, source)
    if document is None:
        raise EnvInputError(
            argument,
            f"{source} contains no value (only comments or null), but a mapping is required "
            f"({_MAPPING_EXAMPLE}).",
        )

    return document


class _DuplicateKey(Exception):
    def __init__(self, key):
        self.key = key


class _NonFiniteNumber(Exception):
    def __init__(self, name):
        self.name = name


def _reject_duplicate_keys(pairs):
    mapping = {}
    for key, value in pairs:
        if key in mapping:
            raise _DuplicateKey(key)
        mapping[key] = value
    return mapping


def _reject_non_finite(name):
    raise _NonFiniteNumber(name)


def _parse_json(text, argument, source):
    try:
        return json.loads(
            text,
            object_pairs_hook=_reject_duplicate_keys,
            parse_constant=_reject_non_finite,
        )
    except json.JSONDecodeError as exc:
        raise EnvInputError(
            argument,
            f"invalid JSON in {source} at line {exc.lineno}, column {exc.colno}: {exc.msg}. "
            "Text that starts with { or [ is read as strict JSON: quote keys and strings "
            "with double quotes.",
        ) from None
    except _DuplicateKey as exc:
        raise EnvInputError(argument, f"key {exc.key!r} appears twice in {source}.") from None
    except _NonFiniteNumber as exc:
        raise EnvInputError(
            argument, f"{source} contains {exc.name}, which is not a JSON number."
        ) from None
    except RecursionError:
        raise EnvInputError(argument, f"{source} is nested too deeply.") from None


def _parse_yaml(text, argument, source):
    import yaml  # NOTE: imported here so that commands without YAML input start faster.

    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None

        _YamlChecker(loader, argument, source).check(root)
        return loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        raise EnvInputError(argument, _describe_yaml_error(exc, source)) from None
    except yaml.YAMLError as exc:
        raise EnvInputError(argument, f"invalid YAML in {source}: {type(exc).__name__}.") from None
    except RecursionError:
        raise EnvInputError(argument, f"{source} is nested too deeply.") from None
    finally:
        loader.dispose()


def _describe_yaml_error(exc, source):
    # NOTE: str(exc) would quote the offending line; only the parser's own
    # wording and the position are used, so file content stays out.
    mark = exc.problem_mark or exc.context_mark
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = exc.problem or exc.context or "cannot be parsed"
    if exc.problem and exc.context:
        problem = f"{exc.problem} ({exc.context})"

    return f"invalid YAML in {source}{where}: {problem}."


def _format_key_path(path):
    """Return ``key 'db.hosts[2].port'`` for a path of keys and list indexes."""
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
            self._fail(f"{_format_key_path(path)} refers to itself through an alias", node)
        if id(node) in self._checked:
            return

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
            self._fail(f"{_format_key_path(path)} has the unsupported tag {node.tag}", node)

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
                self._fail(f"{_format_key_path(path + [key])} appears twice", key_node)
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
        return f" under {_format_key_path(path)}" if path else ""

    def _check_sequence(self, node, path):
        if node.tag != _SEQ_TAG:
            self._fail(f"{_format_key_path(path)} has the unsupported tag {node.tag}", node)

        for index, item in enumerate(node.value):
            self._check_node(item, path + [index])

    def _is_string_scalar(self, node):
        return node.tag == _STR_TAG

    def _check_scalar(self, node, path):
        import yaml

        where = _format_key_path(path)
        if node.style is not None:
            if node.tag not in _EXPLICIT_SCALAR_TAGS:
                self._fail(f"{where} has the unsupported tag {node.tag}", node)
            return

        implicit_tag = self._loader.resolve(yaml.ScalarNode, node.value, (True, False))
        if node.tag != implicit_tag:
            # Written with an explicit tag such as !!str or !!int.
            if node.tag not in _EXPLICIT_SCALAR_TAGS:
                self._fail(f"{where} has the unsupported tag {node.tag}", node)
        else:
            self._check_implicit_type(node, where)

        self._check_trailing_comment(node, where)

    def _check_implicit_type(self, node, where):
        text = node.value
        tag = node.tag
        quote_hint = 'quote the value ("...") to keep it as text'

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
