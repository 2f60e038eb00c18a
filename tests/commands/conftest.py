"""Run `mistral` against a RecordingAPI, in-process and as the installed script."""

import contextlib
import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.recording_api import RecordingAPI

from mistralclient_env.shell import MistralShell

MISTRAL_SCRIPT = Path(sys.executable).with_name("mistral")

# Variables that configure `mistral`; a developer's own must not leak in.
_CONFIGURING_PREFIXES = ("OS_", "MISTRAL")


class Result:
    """Exit code and output of one run of `mistral`."""

    def __init__(self, code, stdout, stderr):
        self.code = code
        self.stdout = stdout
        self.stderr = stderr

    def __repr__(self):
        return f"Result(code={self.code!r}, stdout={self.stdout!r}, stderr={self.stderr!r})"


def run_in_process(argv, stdin=b""):
    """Run the cliff App in this process, capturing what it writes."""
    stdout = io.StringIO()
    stderr = io.StringIO()
    stdin_stream = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level

    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
            shell = MistralShell(stdin=stdin_stream, stdout=stdout, stderr=stderr)
            try:
                code = shell.run(list(argv))
            except SystemExit as exc:
                code = 0 if exc.code is None else exc.code
    finally:
        for handler in root.handlers:
            if handler not in saved_handlers:
                handler.close()
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)

    return Result(int(code), stdout.getvalue(), stderr.getvalue())


def run_subprocess(argv, stdin=b""):
    """Run the installed `mistral` script as a child process."""
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith(_CONFIGURING_PREFIXES)
    }
    completed = subprocess.run(
        [str(MISTRAL_SCRIPT), *argv],
        input=stdin,
        capture_output=True,
        env=environment,
        timeout=60,
        check=False,
    )
    return Result(
        completed.returncode,
        completed.stdout.decode("utf-8"),
        completed.stderr.decode("utf-8"),
    )


_RUNNERS = {"in-process": run_in_process, "subprocess": run_subprocess}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in list(os.environ):
        if name.startswith(_CONFIGURING_PREFIXES):
            monkeypatch.delenv(name)


@pytest.fixture
def api():
    with RecordingAPI() as recording_api:
        yield recording_api


def _runner(run, api):
    def mistral(*argv, stdin=b""):
        return run(["--os-mistral-url", api.url, *argv], stdin=stdin)

    return mistral


@pytest.fixture(params=sorted(_RUNNERS))
def mistral(request, api):
    """Run `mistral ARGV...` against ``api``, once in-process and once as a subprocess."""
    return _runner(_RUNNERS[request.param], api)


@pytest.fixture
def mistral_in_process(api):
    """Run `mistral ARGV...` against ``api`` in this process only."""
    return _runner(run_in_process, api)


@pytest.fixture(name="run_in_process")
def run_in_process_fixture():
    """run_in_process(argv, stdin=b"") without a default API URL."""
    return run_in_process


@pytest.fixture(name="run_subprocess")
def run_subprocess_fixture():
    """run_subprocess(argv, stdin=b"") without a default API URL."""
    return run_subprocess
