"""Logging of ``mistral-env-server``: one line per event, and no third-party DEBUG lines.

``configure(level)`` writes the log to standard error. Two rules keep the log
trustworthy and free of env values:

- Every string argument of a log call (a path, an id, a workflow or
  namespace name, a query value) is written with its control characters
  escaped, so a request cannot start a new log line, forge one, or write a
  NUL byte. The tracebacks the server logs on purpose
  (``engine.tracebacks.describe_exception``) keep their line breaks.
- Libraries log below WARNING only what the server cannot control: urllib3
  writes each request line of ``std.http`` at DEBUG, query string included,
  and a query string may carry a token from env. So the loggers in
  :data:`THIRD_PARTY_LOGGERS` stay at WARNING or above whatever the level.
"""

import logging
import re
import sys

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

THIRD_PARTY_LOGGERS = (
    "urllib3",
    "requests",
    "charset_normalizer",
    "sqlalchemy",
    "waitress",
    "falcon",
    "yaql",
    "jinja2",
)
"""Loggers of libraries that never log below WARNING here, whatever the --log-level."""

_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")

_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

_TRACEBACK_START = "Traceback (most recent call last):\n"

_TRACEBACK_END = re.compile(r"[A-Za-z_][\w.]* \(message withheld\)")


def printable(text):
    """Return ``text`` with line breaks and other control characters written as escapes (``\\n``, ``\\x00``)."""
    return _CONTROL_CHARACTER.sub(_escape, text)


def _escape(match):
    character = match.group(0)
    if character in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[character]
    code = ord(character)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _is_server_traceback(text):
    """Tell whether ``text`` has the shape of ``describe_exception``'s output.

    Its first line is Python's traceback header, every other line but the
    last is indented, and the last names an exception type with its message
    withheld. No line of such a text can pass for a log record, which starts
    with a time stamp.
    """
    if not text.startswith(_TRACEBACK_START):
        return False

    lines = text[len(_TRACEBACK_START):].split("\n")
    frames, last = lines[:-1], lines[-1]
    return all(line.startswith(" ") for line in frames) and _TRACEBACK_END.fullmatch(last) is not None


def _safe_argument(value):
    if isinstance(value, BaseException):
        value = str(value)

    if not isinstance(value, str):
        return value

    if _is_server_traceback(value):
        return "\n".join(printable(line) for line in value.split("\n"))

    return printable(value)


class EscapingFormatter(logging.Formatter):
    """A Formatter that escapes control characters in the arguments of each record.

    A record logged without arguments has its message escaped instead,
    because such a message may have been formatted from request values
    before the call. Tracebacks attached with ``exc_info`` are kept as they are.
    """

    def format(self, record):
        record = logging.makeLogRecord(record.__dict__)

        if isinstance(record.args, dict):
            record.args = {key: _safe_argument(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_safe_argument(value) for value in record.args)
        else:
            record.msg = _safe_argument(record.msg)

        return super().format(record)


def configure(level):
    """Send log records of ``level`` and above to standard error, one escaped line per event.

    Loggers of :data:`THIRD_PARTY_LOGGERS` are set to WARNING, or to
    ``level`` when it is higher.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(EscapingFormatter(LOG_FORMAT))

    root = logging.getLogger()
    for old_handler in list(root.handlers):
        root.removeHandler(old_handler)
    root.addHandler(handler)
    root.setLevel(level)

    numeric_level = logging.getLevelName(level) if isinstance(level, str) else level
    for name in THIRD_PARTY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, numeric_level))

    # Waitress warns about its task queue depth under load, which is no error of this server.
    logging.getLogger("waitress.queue").setLevel(max(logging.ERROR, numeric_level))
