"""Checks on workflow and task names, which become parts of URL paths.

A workflow is read and deleted at ``/v2/workflows/<name>``. A name with
``/`` can never be reached there, because servers decode ``%2F`` before they
route. ``?``, ``#``, ``%`` and ``\\`` change the URL when a client does not
encode the name (OpenStack's client sends it as it is). Whitespace and
control characters cannot appear in a URL unencoded, and ``.`` or ``..`` as a
whole segment is removed by URL normalization.
"""

import unicodedata

from mistralclient_env.server.engine.errors import DSLError

_URL_CHARACTERS = frozenset("/?#%\\")

_DOT_SEGMENTS = (".", "..")


def check_name(kind, name, path):
    """Raise DSLError at ``path`` unless ``name`` can be one segment of a URL path.

    ``kind`` is ``"workflow"`` or ``"task"``, for the message.
    """
    if name in _DOT_SEGMENTS:
        raise DSLError(
            path,
            f"the {kind} name {name!r} is a dot segment, which URL normalization removes from a path. "
            f"Give the {kind} a name with letters or digits",
        )

    for character in name:
        if character in _URL_CHARACTERS or character.isspace() or unicodedata.category(character).startswith("C"):
            raise DSLError(
                path,
                f"the {kind} name contains {_describe(character)}, which cannot appear in one segment of "
                f"a URL path. Rename the {kind} without / ? # % \\, whitespace or control characters",
            )


def _describe(character):
    if character in _URL_CHARACTERS:
        return f"'{character}'"
    return f"the character U+{ord(character):04X}"

