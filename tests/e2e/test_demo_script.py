"""examples/outage-recovery/run.sh: the demo `make demo` runs, on success and on a failed start."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
RUN_SCRIPT = REPOSITORY / "examples" / "outage-recovery" / "run.sh"
SCRIPT_TIMEOUT = 120

# Variables that configure `mistral`. A developer's own must not reach the demo.
_CONFIGURING_PREFIXES = ("OS_", "MISTRAL")

README = REPOSITORY / "README.md"

# A token as run.sh makes them: 32 hexadecimal digits, where a UUID has dashes.
TOKEN_PATTERN = re.compile(r"\b[0-9a-f]{32}\b")

# What differs from one run of the demo to the next, and what stands for it.
_RUN_SPECIFIC = (
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<id>"),
    (re.compile(r"[^\s']*outage-recovery\.[A-Za-z0-9]{6}"), "<directory>"),
    (re.compile(r"127\.0\.0\.1:[0-9]+"), "127.0.0.1:<port>"),
    (re.compile(r"\bport [0-9]+"), "port <port>"),
    (re.compile(r"^\+ kill [0-9]+$"), "+ kill <pid>"),
)


def run_demo(tmp_path, first_on_path=None):
    """Run run.sh from the repository root with this environment's commands first on PATH."""
    directories = [str(Path(sys.executable).parent), os.environ.get("PATH", "")]
    if first_on_path is not None:
        directories.insert(0, str(first_on_path))

    environment = {
        name: value for name, value in os.environ.items() if not name.startswith(_CONFIGURING_PREFIXES)
    }
    environment.update(PATH=os.pathsep.join(directories), TMPDIR=str(tmp_path))

    return subprocess.run(
        ["bash", str(RUN_SCRIPT)],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT,
        check=False,
    )


def commands_and_headings(output):
    """Return the printed commands and step lines of a demo output, run-specific values replaced."""
    lines = []
    for line in output.splitlines():
        if not line.startswith(("+ ", "# ")):
            continue
        for pattern, replacement in _RUN_SPECIFIC:
            line = pattern.sub(replacement, line)
        lines.append(line)
    return lines


def readme_transcript():
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- demo transcript: start -->")
    end = text.index("<!-- demo transcript: end -->")
    return text[start:end]


def leftover_directories(tmp_path):
    return sorted(path.name for path in tmp_path.glob("outage-recovery.*"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Run the demo once for the tests that read its output, and return (tmp_path, CompletedProcess)."""
    tmp_path = tmp_path_factory.mktemp("demo")
    return tmp_path, run_demo(tmp_path)


def test_demo_succeeds(demo):
    _, completed = demo
    output = completed.stdout

    assert completed.returncode == 0, completed.stderr
    assert re.search(r"^execution \S+ is ERROR$", output, re.MULTILINE)
    assert re.search(r"^\+ mistral task-rerun \S+ --env \S+/new-endpoint.yaml", output, re.MULTILINE)
    assert re.search(r"^execution \S+ is PAUSED$", output, re.MULTILINE)
    assert len(re.findall(r"^execution \S+ is SUCCESS$", output, re.MULTILINE)) == 2
    assert re.search(r"\| fetch\s+\| ERROR\s+\| False\s+\|", output)
    assert re.search(r"^\+ mistral execution-update \S+ -s RUNNING --env - ", output, re.MULTILINE)
    assert output.rstrip().endswith("Demo finished: both executions ended in SUCCESS.")


def test_demo_shows_no_token(demo):
    _, completed = demo

    assert completed.returncode == 0, completed.stderr
    assert TOKEN_PATTERN.search(completed.stdout) is None
    assert TOKEN_PATTERN.search(completed.stderr) is None


def test_demo_removes_temporary_directory(demo):
    tmp_path, completed = demo

    assert completed.returncode == 0, completed.stderr
    assert leftover_directories(tmp_path) == []


def test_readme_transcript_is_current(demo):
    _, completed = demo

    assert completed.returncode == 0, completed.stderr
    assert commands_and_headings(readme_transcript()) == commands_and_headings(completed.stdout), (
        "README.md shows another demo than run.sh prints: run .venv/bin/python docs/update_demo_transcript.py"
    )


def test_failed_server_start_reported(tmp_path):
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    fake_server = fake_bin / "mistral-env-server"
    fake_server.write_text(
        '#!/bin/sh\n[ "$1" = --version ] && { echo "mistral-env-server 0.0"; exit 0; }\n'
        'echo "cannot open the database" >&2\nexit 1\n',
        encoding="utf-8",
    )
    fake_server.chmod(0o755)

    completed = run_demo(tmp_path, first_on_path=fake_bin)

    assert completed.returncode == 1
    assert 'FAILED in step "1. Start mistral-env-server' in completed.stderr
    assert "mistral-env-server exited while starting." in completed.stderr
    assert "cannot open the database" in completed.stderr
    assert leftover_directories(tmp_path) == []
