"""Run the real ``mistral-env-server`` command for tests, and talk to it.

``start_server(tmp_path)`` starts the server as a subprocess on 127.0.0.1 on
a free port (``--port 0``, the port is read from its start line) with a
SQLite file in ``tmp_path``, and waits until it responds. The server logs at
DEBUG into ``tmp_path/server.log``; a restart appends to the same file, so
``log_text()`` is the whole log of every run.

RunningServer also has the few API calls that test scenarios need
(``upload_workflow``, ``start_execution``, ``wait_for_execution`` ...), so a
test reads like the operator's story.
"""

import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import time

import requests

START_TIMEOUT = 20.0
POLL_INTERVAL = 0.05
WAIT_TIMEOUT = 30.0

_LISTENING = re.compile(r"listening on http://([\d.]+):(\d+)/v2")


def server_command():
    """Return the command that runs ``mistral-env-server`` from the test's environment, without options."""
    script = pathlib.Path(sys.executable).with_name("mistral-env-server")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "mistralclient_env.server.cli"]



class RunningServer:
    """A ``mistral-env-server`` process and its files.

    ``url`` ends with ``/v2``. ``db_path`` is the SQLite file, ``log_path``
    the log file. ``stop()`` sends SIGTERM and waits, ``kill()`` sends
    SIGKILL, ``restart()`` starts the server again on the same database.
    ``extra_args`` are more command-line options, such as
    ``["--max-body-size", "2048"]``.
    """

    def __init__(self, directory, workers=4, log_level="DEBUG", db_name="server.db", extra_args=()):
        self.directory = pathlib.Path(directory)
        self.db_path = self.directory / db_name
        self.db_url = f"sqlite:///{self.db_path}"
        self.log_path = self.directory / "server.log"
        self.workers = workers
        self.log_level = log_level
        self.extra_args = list(extra_args)
        self.process = None
        self.port = None
        self.url = None
        self.http = requests.Session()

    # -- process ---------------------------------------------------------

    def start(self):
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        command = server_command() + [
            "--host", "127.0.0.1", "--port", "0", "--db", self.db_url,
            "--workers", str(self.workers), "--log-level", self.log_level, *self.extra_args,
        ]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)

        try:
            self.port = self._wait_for_port(offset)
            self.url = f"http://127.0.0.1:{self.port}/v2"
            self._wait_until_answering()
        except Exception:
            self.kill()
            raise
        return self

    def _wait_for_port(self, offset):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mistral-env-server exited with {self.process.returncode}:\n{self.log_text()}")
            with open(self.log_path, "rb") as log:
                log.seek(offset)
                match = _LISTENING.search(log.read().decode("utf-8", "replace"))
            if match:
                return int(match.group(2))
            time.sleep(POLL_INTERVAL)
        raise RuntimeError(f"mistral-env-server did not start within {START_TIMEOUT} s:\n{self.log_text()}")

    def _wait_until_answering(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                if self.http.get(self.url, timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(POLL_INTERVAL)
        raise RuntimeError(f"mistral-env-server does not answer at {self.url}")

    def stop(self, timeout=15):
        """Send SIGTERM and wait for the exit; return the exit code."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise

    def kill(self):
        """Send SIGKILL, as a crash or an out-of-memory kill would end the process."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def restart(self):
        self.stop()
        return self.start()

    def log_text(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    # -- HTTP --------------------------------------------------------------

    def request(self, method, path, **kwargs):
        """Send a request to ``url + path`` and return the requests Response, whatever its status."""
        kwargs.setdefault("timeout", 30)
        return self.http.request(method, self.url + path, **kwargs)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def put(self, path, body, **kwargs):
        return self.request("PUT", path, json=body, **kwargs)

    def post(self, path, body, **kwargs):
        return self.request("POST", path, json=body, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)

    def ok(self, response, status=200):
        assert response.status_code == status, f"{response.request.method} {response.url}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    # -- scenario steps --------------------------------------------------------

    def upload_workflow(self, definition, namespace=""):
        response = self.request(
            "POST", f"/workflows?scope=private&namespace={namespace}",
            data=definition.encode("utf-8"), headers={"Content-Type": "text/plain"},
        )
        return self.ok(response, 201)["workflows"]

    def start_execution(self, workflow_name, input=None, env=None, params=None, as_text=True):
        """Start an execution as OpenStack's client does (params and input as JSON text)."""
        params = dict(params or {})
        if env is not None:
            params["env"] = env
        body = {"workflow_name": workflow_name, "description": ""}
        if params:
            body["params"] = json.dumps(params) if as_text else params
        if input is not None:
            body["input"] = json.dumps(input) if as_text else input
        return self.ok(self.post("/executions", body), 201)

    def execution(self, execution_id):
        return self.ok(self.get(f"/executions/{execution_id}"))

    def task(self, task_id):
        return self.ok(self.get(f"/tasks/{task_id}"))

    def tasks_of(self, execution_id):
        return self.ok(self.get(f"/executions/{execution_id}/tasks"))["tasks"]

    def task_named(self, execution_id, name):
        matches = [task for task in self.tasks_of(execution_id) if task["name"] == name]
        assert matches, f"no task {name} in execution {execution_id}"
        return self.task(matches[-1]["id"])

    def action_executions_of(self, task_id):
        return self.ok(self.get(f"/tasks/{task_id}/action_executions"))["action_executions"]

    def env_of(self, execution_id):
        return json.loads(self.execution(execution_id)["params"]).get("env")

    def wait_for(self, fetch, predicate, what, timeout=WAIT_TIMEOUT):
        """Poll ``fetch()`` until ``predicate(value)`` holds; return the value."""
        deadline = time.monotonic() + timeout
        value = fetch()
        while not predicate(value):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}; last value: {value}")
            time.sleep(POLL_INTERVAL)
            value = fetch()
        return value

    def wait_for_execution(self, execution_id, *states, timeout=WAIT_TIMEOUT):
        return self.wait_for(
            lambda: self.execution(execution_id),
            lambda execution: execution["state"] in states,
            f"execution {execution_id} in {', '.join(states)}",
            timeout,
        )

    def wait_for_task(self, execution_id, name, *states, timeout=WAIT_TIMEOUT):
        def fetch():
            matches = [task for task in self.tasks_of(execution_id) if task["name"] == name]
            return matches[-1] if matches else None

        return self.wait_for(
            fetch, lambda task: task is not None and task["state"] in states,
            f"task {name} of execution {execution_id} in {', '.join(states)}", timeout,
        )


def start_server(tmp_path, **options):
    """Start ``mistral-env-server`` with a SQLite file in ``tmp_path``; return a RunningServer."""
    directory = pathlib.Path(tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    return RunningServer(directory, **options).start()


def database_rows(db_path, table, **where):
    """Return every row of ``table`` as dicts, read straight from the SQLite file."""
    import sqlite3

    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    connection.row_factory = sqlite3.Row
    try:
        clause = " AND ".join(f"{name} = ?" for name in where)
        sql = f"SELECT * FROM {table}" + (f" WHERE {clause}" if clause else "") + " ORDER BY id"
        return [dict(row) for row in connection.execute(sql, tuple(where.values()))]
    finally:
        connection.close()


def database_snapshot(db_path, root_id):
    """Return every row of one workflow tree, to compare before and after a rejected request."""
    return {
        "executions": [row for row in database_rows(db_path, "workflow_executions")
                       if root_id in (row["id"], row["root_execution_id"])],
        "tasks": database_rows(db_path, "task_executions", root_execution_id=root_id),
        "action_executions": database_rows(db_path, "action_executions", root_execution_id=root_id),
        "env_revisions": database_rows(db_path, "env_revisions", execution_id=root_id),
    }


def set_execution_state(db_path, execution_id, state):
    """Write an execution's state straight into the SQLite file (for states no request produces)."""
    import sqlite3

    connection = sqlite3.connect(db_path, timeout=30)
    try:
        with connection:
            connection.execute("UPDATE workflow_executions SET state = ? WHERE id = ?", (state, execution_id))
    finally:
        connection.close()


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
