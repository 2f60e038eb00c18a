"""Dotted paths that point at one element of a workflow definition.

A path names mapping keys joined by dots and list positions in brackets,
for example ``outage_wf.tasks.fetch.retry.count`` or ``outage_wf.input[1]``.
"""


def format_path(parts):
    """Join mapping keys and list indexes into a dotted path string."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif text:
            text += f".{part}"
        else:
            text = str(part)

    return text
