"""One server per database: a second server on the same SQLite file exits and touches nothing.

Without the lock, the second server's start-up recovery would mark the
first server's running task as interrupted while its action still runs.
"""

import subprocess
import types

import pytest
from sqlalchemy.engine import make_url

from mistralclient_env.server.db.lock import DatabaseInUseError, lock_database, lock_file_path
from mistralclient_env.server.db.session import Database
from support.servers import database_rows, server_command

DOCUMENT = """
version: '2.0'
sleeper_wf:
  tasks:
    nap:
      action: std.sleep seconds=2
"""


def run_second_server(server):
    return subprocess.run(
        server_command() + ["--port", "0", "--db", server.db_url, "--log-level", "INFO"],
        capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL,
    )


def test_second_server_on_the_same_database_exits(server):
    server.upload_workflow(DOCUMENT)
    execution = server.start_execution("sleeper_wf")
    server.wait_for_task(execution["id"], "nap", "RUNNING")

    second = run_second_server(server)

    assert second.returncode == 1
    assert "Another mistral-env-server" in second.stderr
    assert server.db_url in second.stderr
    assert "Stop that server first" in second.stderr
    assert "listening on" not in second.stderr
    assert server.task_named(execution["id"], "nap")["state"] == "RUNNING"
    assert server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")["state"] == "SUCCESS"
    assert [row["state"] for row in database_rows(server.db_path, "task_executions")] == ["SUCCESS"]


def test_message_names_the_first_server_process(server):
    second = run_second_server(server)

    assert f"process {server.process.pid}" in second.stderr


def test_database_is_free_again_after_a_stop(server):
    server.stop()

    server.start()

    assert server.get("").status_code == 200


def test_lock_file_lock_is_exclusive_and_released(tmp_path):
    url = f"sqlite:///{tmp_path / 'lock.db'}"
    first = lock_database(Database(url), url)

    with pytest.raises(DatabaseInUseError):
        lock_database(Database(url), url)

    first.release()
    second = lock_database(Database(url), url)
    second.release()

    assert (tmp_path / "lock.db.lock").exists()


def test_lock_file_sits_next_to_the_database():
    assert lock_file_path("/var/lib/mistral/server.db") == "/var/lib/mistral/server.db.lock"


def test_in_memory_database_needs_no_lock():
    memory = types.SimpleNamespace(engine=types.SimpleNamespace(url=make_url("sqlite:///:memory:")))

    first = lock_database(memory, "sqlite:///:memory:")
    second = lock_database(memory, "sqlite:///:memory:")

    first.release()
    second.release()
