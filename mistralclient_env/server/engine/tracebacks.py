"""Tracebacks that are safe to log.

An exception's message can quote the data it failed on (a URL from env, a
token in a KeyError), so logs get the traceback's frames and the exception's
type, never its message.
"""

import traceback


def describe_exception(error):
    """Return the traceback of ``error`` with the exception type and no message."""
    frames = "".join(traceback.format_tb(error.__traceback__))
    return f"Traceback (most recent call last):\n{frames}{type(error).__qualname__} (message withheld)"
