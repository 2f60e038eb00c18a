"""Drive the installed `mistral` command against a real server, as an operator would.

The ``operator`` fixture runs `mistral` as a child process with ``-f json``
against the ``server`` fixture's ``mistral-env-server``, and has the steps
of the outage-recovery story as methods, so a test reads like that story.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
EXAMPLE_DIRECTORY = REPOSITORY / "examples" / "outage-recovery"
WORKFLOW_PATH = EXAMPLE_DIRECTORY / "workflow.yaml"

COMMAND_TIMEOUT = 60.0
STATE_TIMEOUT = 30.0
POLL_INTERVAL = 0.1

FINAL_STATES = frozenset({"SUCCESS", "ERROR", "CANCELLED"})

# Variables that configure `mistral`. A developer's own must not leak in.
_CONFIGURING_PREFIXES = ("OS_", "MISTRAL")


def find_mistral():
    """Return the path of the installed `mistral` script of the running virtual environment."""
    script = Path(sys.executable).with_name("mistral")
    if script.exists():
        return str(script)

    found = shutil.which("mistral")
    if found is None:
        raise RuntimeError(
            "The `mistral` command is not installed. Install the package into this "
            "environment first: pip install -e '.[server,test]'"
        )
    return found


def command_environment(**extra):
    """Return os.environ without `mistral`'s own variables, plus ``extra``, with no proxy for 127.0.0.1."""
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith(_CONFIGURING_PREFIXES)
    }
    environment["NO_PROXY"] = environment["no_proxy"] = "127.0.0.1,localhost"
    environment.update(extra)
    return environment


class Operator:
    """An operator at a shell: runs `mistral` against one server and reads its JSON output."""

    def __init__(self, api_url):
        self.executable = find_mistral()
        self.environment = command_environment(OS_MISTRAL_URL=api_url)

    def run(self, *arguments, stdin=None):
        """Run ``mistral ARGUMENTS...`` and return the CompletedProcess, whatever its exit code."""
        return subprocess.run(
            [self.executable, *arguments],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.environment,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )

    def json(self, *arguments, stdin=None):
        """Run ``mistral ARGUMENTS... -f json``, require exit 0, and return the parsed output."""
        completed = self.run(*arguments, "-f", "json", stdin=stdin)
        assert completed.returncode == 0, (
            f"mistral {' '.join(arguments)} exited with {completed.returncode}: {completed.stderr}"
        )
        return json.loads(completed.stdout)

    # -- the steps of the story --------------------------------------------------

    def upload_workflow(self, path=WORKFLOW_PATH):
        return self.json("workflow-create", str(path))

    def start_execution(self, workflow_name, env, workflow_input=None):
        arguments = ["execution-create", workflow_name]
        if workflow_input is not None:
            arguments.append(json.dumps(workflow_input))
        arguments += ["--env", "-"]

        # The env goes through standard input, so the token is no argument.
        return self.json(*arguments, stdin=json.dumps(env))

    def execution(self, execution_id):
        return self.json("execution-get", execution_id)

    def wait_for_state(self, execution_id, state, timeout=STATE_TIMEOUT):
        """Poll the execution until it is in ``state``, and fail on another final state or at the deadline."""
        deadline = time.monotonic() + timeout

        while True:
            execution = self.execution(execution_id)
            if execution["State"] == state:
                return execution

            assert execution["State"] not in FINAL_STATES, (
                f"execution {execution_id} ended in {execution['State']} "
                f"({execution['State info']}), but {state} was expected"
            )
            assert time.monotonic() < deadline, (
                f"execution {execution_id} is still {execution['State']} after {timeout} s; "
                f"{state} was expected"
            )
            time.sleep(POLL_INTERVAL)

    def tasks(self, execution_id):
        return self.json("task-list", execution_id)

    def task_named(self, execution_id, name):
        matches = self.json("task-list", execution_id, "--filter", f"name={name}")
        assert len(matches) == 1, f"expected one task {name} in execution {execution_id}, got {matches}"
        return self.json("task-get", matches[0]["ID"])

    def attempts(self, task_id):
        """Return the task's action executions, oldest first."""
        return self.json("action-execution-list", task_id, "--oldest")

    def env_of(self, execution_id):
        return self.json("execution-get-env", execution_id)

    def output_of(self, execution_id):
        return self.json("execution-get-output", execution_id)

    def result_of(self, task_id):
        return self.json("task-get-result", task_id)

    def rerun_task(self, task_id, env_path):
        return self.json("task-rerun", task_id, "--env", str(env_path))

    def resume_with_env(self, execution_id, env_text):
        """Resume a paused execution, the env change read from standard input."""
        return self.json("execution-update", execution_id, "-s", "RUNNING", "--env", "-", stdin=env_text)


@pytest.fixture
def operator(server):
    """An Operator whose `mistral` talks to the ``server`` fixture."""
    return Operator(server.url)
