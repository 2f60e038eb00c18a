"""Inputs are read up to 1 MiB, checked while reading, so endless streams stop at the limit.

Covers --env, INPUT, PARAMS, environment files and workflow definitions,
from files, devices and standard input, and the message of an error that
has none of its own (MemoryError).
"""

import io
import os
import subprocess
import sys

import pytest
from support.recording_api import EXECUTION_ID, TASK_ID

from mistralclient_env.env_input import MAX_INPUT_BYTES, read_bounded, read_env, read_mapping
from mistralclient_env.exceptions import EnvInputError

LIMIT_TEXT = "larger than the maximum of 1 MiB (1048576 bytes)"

MISTRAL_SCRIPT = os.path.join(os.path.dirname(sys.executable), "mistral")


class CountingStream(io.RawIOBase):
    """An endless binary stream of ``k: 1`` lines that counts the bytes handed out."""

    def __init__(self):
        self.bytes_read = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        line = b"k: 1\n"
        count = len(buffer)
        data = (line * (count // len(line) + 1))[:count]
        buffer[:count] = data
        self.bytes_read += count
        return count


def read_error(value, stdin=None, argument="--env"):
    with pytest.raises(EnvInputError) as caught:
        read_mapping(value, argument=argument, stdin=stdin)
    return str(caught.value)


def test_limit_is_one_mebibyte():
    assert MAX_INPUT_BYTES == 1024 * 1024


def test_file_at_the_limit_read(tmp_path):
    path = tmp_path / "env.yaml"
    path.write_text("a: " + "x" * (MAX_INPUT_BYTES - 3 - 100))

    assert len(read_env(str(path))["a"]) == MAX_INPUT_BYTES - 103


def test_file_one_byte_over_rejected(tmp_path):
    path = tmp_path / "env.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_INPUT_BYTES - 2))

    assert read_error(str(path)) == f"Invalid --env: file {str(path)!r} is {LIMIT_TEXT}; nothing was sent."


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_device_stops_at_limit(device):
    if not os.path.exists(device):
        pytest.skip(f"{device} is not available")

    assert read_error(device) == f"Invalid --env: file {device!r} is {LIMIT_TEXT}; nothing was sent."


def test_endless_standard_input_read_only_to_limit():
    stream = CountingStream()

    message = read_error("-", stdin=io.BufferedReader(stream))

    assert message == f"Invalid --env: standard input is {LIMIT_TEXT}; nothing was sent."
    assert stream.bytes_read <= MAX_INPUT_BYTES + io.DEFAULT_BUFFER_SIZE + 1


def test_text_stream_limit_counts_utf8_bytes():
    text = "a: " + "é" * (MAX_INPUT_BYTES // 2)

    assert LIMIT_TEXT in read_error("-", stdin=io.StringIO(text))


def test_text_argument_over_limit_rejected():
    assert read_error("a: " + "x" * MAX_INPUT_BYTES) == (
        f"Invalid --env: the text given is {LIMIT_TEXT}; nothing was sent."
    )


@pytest.mark.parametrize("argument", ["INPUT", "PARAMS", "FILE"])
def test_other_arguments_limited(argument):
    assert read_error("/dev/zero", argument=argument).startswith(f"Invalid {argument}: file '/dev/zero' is larger")


def test_read_bounded_returns_short_stream_whole():
    assert read_bounded(io.BytesIO(b"abc"), limit=3) == b"abc"


def test_read_bounded_rejects_one_byte_more():
    assert read_bounded(io.BytesIO(b"abcd"), limit=3) is None


# Through the command ---------------------------------------------------------


@pytest.mark.parametrize(
    "arguments",
    [
        ["execution-update", EXECUTION_ID, "--env", "/dev/zero"],
        ["task-rerun", TASK_ID, "--env", "/dev/zero"],
        ["execution-create", "wf", "/dev/zero"],
        ["execution-create", "wf", "{}", "/dev/zero"],
        ["environment-create", "/dev/zero"],
        ["workflow-create", "/dev/zero"],
    ],
    ids=["update", "rerun", "input", "params", "environment", "definition"],
)
def test_device_rejected_and_nothing_sent(mistral_in_process, api, arguments):
    result = mistral_in_process(*arguments)

    assert result.code == 1
    assert "file '/dev/zero' is larger than the maximum of 1 MiB" in result.stderr
    assert api.requests == []


def test_endless_pipe_stops(api):
    # `yes 'k: 1' | mistral ... --env -`: the reader stops at the limit, so
    # the command ends and closes the pipe.
    producer = subprocess.Popen(
        [sys.executable, "-c", "import sys\nwhile True: sys.stdout.write('k: 1\\n' * 1000)"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        completed = subprocess.run(
            [MISTRAL_SCRIPT, "--os-mistral-url", api.url, "execution-update", EXECUTION_ID, "--env", "-"],
            stdin=producer.stdout,
            capture_output=True,
            timeout=60,
            check=False,
        )
    finally:
        producer.kill()
        producer.wait()
        producer.stdout.close()

    assert completed.returncode == 1
    assert b"standard input is larger than the maximum of 1 MiB" in completed.stderr
    assert api.requests == []


def test_definition_from_standard_input_limited(mistral, api):
    result = mistral("workflow-create", "-", stdin=b"x" * (MAX_INPUT_BYTES + 1))

    assert result.code == 1
    assert "Invalid DEFINITION: standard input is larger than the maximum of 1 MiB" in result.stderr
    assert api.requests == []
