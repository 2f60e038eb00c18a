"""Run OpenStack's own ``mistral`` command (python-mistralclient), or ours, as a subprocess.

python-mistralclient installs a console script that is also named
``mistral``, so it lives in a virtual environment of its own, which
``make test`` creates as ``.venv-osc``. It is run by path: the
``OPENSTACK_MISTRAL`` environment variable, else ``.venv-osc/bin/mistral``
at the top of the repository.

It runs without Keystone, as against a Mistral with authentication off:
every ``OS_*`` and ``MISTRAL_*`` variable of the caller is removed, and
``OS_MISTRAL_URL`` points it at the server under test.
"""

import json
import os
import pathlib
import subprocess
import sys

OPENSTACK_MISTRAL_VARIABLE = "OPENSTACK_MISTRAL"
EXPECTED_VERSION = "6.3.0"

REPOSITORY_ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_EXECUTABLE = REPOSITORY_ROOT / ".venv-osc" / "bin" / "mistral"

# Our own `mistral`, installed beside the Python that runs the tests.
OUR_EXECUTABLE = pathlib.Path(sys.executable).with_name("mistral")

# Seconds one command may take; a command runs in well under one second.
COMMAND_TIMEOUT = 60


class OpenStackClientNotFound(Exception):
    """OPENSTACK_MISTRAL is set but names no executable file."""


def find_openstack_mistral():
    """Return the path of OpenStack's ``mistral``, or None when nothing provides it.

    :raises OpenStackClientNotFound: OPENSTACK_MISTRAL is set but names no
        executable file, a broken set-up that must not pass as a skip.
    """
    configured = os.environ.get(OPENSTACK_MISTRAL_VARIABLE)

    if configured:
        path = pathlib.Path(configured)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise OpenStackClientNotFound(
                f"{OPENSTACK_MISTRAL_VARIABLE}={configured} is not an executable file. Run "
                f"`make test`, which installs python-mistralclient=={EXPECTED_VERSION} into "
                ".venv-osc, or point the variable at its bin/mistral."
            )
        return path

    if DEFAULT_EXECUTABLE.is_file():
        return DEFAULT_EXECUTABLE

    return None


def client_environment(mistral_url):
    """Return the environment of a subprocess that talks to ``mistral_url`` without Keystone."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("OS_", "MISTRAL_"))
    }
    environment["OS_MISTRAL_URL"] = mistral_url
    environment["NO_PROXY"] = environment["no_proxy"] = "127.0.0.1,localhost"
    return environment


class MistralCommand:
    """A ``mistral`` command, OpenStack's or ours, pointed at one Mistral v2 API.

    ``run`` returns the finished process whatever its exit code. ``ok``,
    ``show``, ``rows`` and ``fail`` check the exit code, and their assertion
    message has the command line, its exit code and its output.
    """

    def __init__(self, executable, mistral_url, cwd=None):
        self.executable = str(executable)
        self.mistral_url = mistral_url
        self.cwd = cwd
        self.calls = []

    def run(self, *arguments, stdin=None):
        command = [self.executable, *[str(argument) for argument in arguments]]
        self.calls.append(command[1:])
        return subprocess.run(
            command,
            input=stdin,
            capture_output=True,
            text=True,
            env=client_environment(self.mistral_url),
            cwd=self.cwd,
            timeout=COMMAND_TIMEOUT,
        )

    def ok(self, *arguments, stdin=None):
        """Run a command that must exit 0; return its stdout."""
        finished = self.run(*arguments, stdin=stdin)
        assert finished.returncode == 0, _describe(finished)
        return finished.stdout

    def show(self, *arguments):
        """Run a show command with ``-f json``; return its fields by column title."""
        return json.loads(self.ok(*arguments, "-f", "json"))

    def rows(self, *arguments):
        """Run a list command with ``-f json``; return its rows as dicts by column title."""
        return json.loads(self.ok(*arguments, "-f", "json"))

    def fail(self, *arguments, stdin=None):
        """Run a command that must exit non-zero; return the finished process."""
        finished = self.run(*arguments, stdin=stdin)
        assert finished.returncode != 0, _describe(finished)
        return finished

    def version(self):
        """Return the version that ``mistral --version`` prints, such as ``6.3.0``."""
        finished = self.run("--version")
        assert finished.returncode == 0, _describe(finished)
        # The output is "mistral 6.3.0"; argparse wrote it to stderr before Python 3.4.
        return (finished.stdout + finished.stderr).split()[-1]


def _describe(finished):
    return (
        f"`mistral {' '.join(finished.args[1:])}` exited {finished.returncode}\n"
        f"stdout: {finished.stdout}\nstderr: {finished.stderr}"
    )
