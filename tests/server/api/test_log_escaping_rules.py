"""The server's log formatter: arguments escaped, its own tracebacks kept on their lines."""

import logging

import pytest

from mistralclient_env.server.engine.tracebacks import describe_exception
from mistralclient_env.server.logs import EscapingFormatter, printable


def format_record(message, *args):
    record = logging.LogRecord("test", logging.INFO, __file__, 1, message, args, None)
    return EscapingFormatter("%(message)s").format(record)


@pytest.mark.parametrize("text, expected", [
    ("a\nb", "a\\nb"),
    ("a\r\nb", "a\\r\\nb"),
    ("nul\x00", "nul\\x00"),
    ("tab\tescape\x1b[31m", "tab\\tescape\\x1b[31m"),
    ("next\x85line\u2028end", "next\\x85line\\u2028end"),
    ("plain text, ünïcode", "plain text, ünïcode"),
])
def test_printable(text, expected):
    assert printable(text) == expected


def test_arguments_are_escaped():
    assert format_record("GET %s rejected", "/v2/x\nFORGED") == "GET /v2/x\\nFORGED rejected"


def test_mapping_arguments_are_escaped():
    assert format_record("%(path)s", {"path": "a\nb"}) == "a\\nb"


def test_message_without_arguments_is_escaped():
    assert format_record("name x\nFORGED") == "name x\\nFORGED"


def test_exception_argument_is_escaped():
    assert format_record("failed: %s", ValueError("a\nb")) == "failed: a\\nb"


def test_number_arguments_keep_their_format():
    assert format_record("%d rows in %.1f ms", 3, 1.25) == "3 rows in 1.2 ms"


def test_server_traceback_keeps_its_lines():
    try:
        raise KeyError("secret\nFORGED")
    except KeyError as error:
        traceback_text = describe_exception(error)

    formatted = format_record("Unexpected error:\n%s", traceback_text)

    assert formatted.splitlines()[1] == "Traceback (most recent call last):"
    assert formatted.splitlines()[-1] == "KeyError (message withheld)"


def test_forged_traceback_is_escaped():
    forged = "Traceback (most recent call last):\n2026-12-04 21:30:00,000 INFO FORGED\nKeyError (message withheld)"

    formatted = format_record("%s", forged)

    assert len(formatted.splitlines()) == 1
