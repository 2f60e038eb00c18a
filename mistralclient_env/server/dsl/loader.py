"""Load a workflow definition from YAML into plain JSON-compatible data.

The loader differs from ``yaml.safe_load`` in three ways. Dates and times
stay strings, because the engine stores every value as JSON. A key repeated
in one mapping is an error instead of silently replacing the first one,
because a duplicated task name would otherwise drop a task without a word.
A document whose aliases expand to more than MAX_EXPANDED_ELEMENTS elements
is an error.
"""

import math

import yaml

from mistralclient_env.server.dsl.paths import format_path
from mistralclient_env.server.engine.errors import DSLError


# Guards the server against "billion laughs" documents, whose nested aliases
# expand to far more data than the text contains.
MAX_EXPANDED_ELEMENTS = 100_000


class _DefinitionLoader(yaml.SafeLoader):
    """SafeLoader without timestamps that rejects duplicate mapping keys."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            # Keys brought in by a "<<" merge may be overridden on purpose.
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue

            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (str, int, float, bool)) or key is None:
                if key in seen:
                    mark = key_node.start_mark
                    raise DSLError(
                        "",
                        f"key '{key}' appears twice in one mapping "
                        f"(line {mark.line + 1}, column {mark.column + 1}). "
                        "Remove or rename one of them",
                    )
                seen.add(key)

        return super().construct_mapping(node, deep=deep)


# Keep ISO dates as strings: drop the implicit timestamp resolver.
_DefinitionLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

def load_document(text):
    """Parse YAML text into dicts, lists and scalars that JSON can encode.

    Raises DSLError with the line and column of a YAML syntax error, and with
    the path of the first key that is not a string or value that JSON cannot
    hold (binary data, sets, infinities).
    """
    try:
        document = yaml.load(text, Loader=_DefinitionLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise DSLError("", f"invalid YAML{where}: {error.problem}") from None
    except yaml.YAMLError as error:
        raise DSLError("", f"invalid YAML: {error}") from None

    if _expanded_size(document, {}) > MAX_EXPANDED_ELEMENTS:
        raise DSLError(
            "",
            f"the definition expands to more than {MAX_EXPANDED_ELEMENTS} elements once "
            "YAML aliases are resolved. Use fewer nested aliases",
        )

    _check_json_compatible(document, [])
    return document


def _expanded_size(value, sizes):
    """Count the elements of ``value`` with every alias expanded, in linear time.

    An alias makes two places share one object, so ``sizes`` remembers the
    count of each container already measured.
    """
    if not isinstance(value, (dict, list)):
        return 1

    if id(value) not in sizes:
        items = value.values() if isinstance(value, dict) else value
        sizes[id(value)] = 1 + sum(_expanded_size(item, sizes) for item in items)

    return sizes[id(value)]


def _check_json_compatible(value, path):
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise DSLError(
                    format_path(path),
                    f"key {key!r} is not a string. Put it in quotes",
                )
            _check_json_compatible(item, path + [key])
        return

    if isinstance(value, list):
        for index, item in enumerate(value):
            _check_json_compatible(item, path + [index])
        return

    if isinstance(value, float) and not math.isfinite(value):
        raise DSLError(format_path(path), "infinity and NaN cannot be stored as JSON")

    if value is not None and not isinstance(value, (str, int, float, bool)):
        raise DSLError(
            format_path(path),
            f"a value of YAML type {type(value).__name__} cannot be stored as JSON",
        )
