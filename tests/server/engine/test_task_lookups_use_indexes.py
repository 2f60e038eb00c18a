"""The task lookups of every engine step use an index, so a long workflow does not slow down.

Each step of a sequential workflow must cost about the same however many
tasks ran before it. A lookup that reads every task of the execution (a
full scan, or an index used only on the execution id) makes the cost of a
step grow with the length of the execution. The benchmark
``benchmarks/long_chain.py`` measures the time; this test checks the
query plans of the lookups that SQLite runs during a real execution.
"""

import sqlite3
import time

import pytest
from sqlalchemy import event

from mistralclient_env.server.db.session import Database
from mistralclient_env.server.engine.facade import Engine

from support.servers import start_server

CHAIN_LENGTH = 30

INDEX_NAMES = (
    "ix_task_executions_execution_name",
    "ix_task_executions_execution_state",
    "ix_task_executions_execution_processed",
)


def chain_document(length):
    lines = ["version: '2.0'", "chain_wf:", "  tasks:"]
    for number in range(length):
        lines.append(f"    t{number}:")
        lines.append("      action: std.noop" if number % 2 else "      action: std.echo output=<% task(t0).state %>")
        if number + 1 < length:
            lines.append(f"      on-success: [t{number + 1}]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def engine(tmp_path):
    running = Engine(Database(f"sqlite:///{tmp_path / 'engine.db'}"), workers=2)
    running.start()
    yield running
    running.stop()


def capture_task_queries(engine):
    captured = []

    @event.listens_for(engine.db.engine, "before_cursor_execute")
    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "FROM task_executions" in statement:
            captured.append((statement, parameters))

    return captured


def wait_until_finished(engine, execution_id):
    deadline = time.monotonic() + 30
    while engine.get_execution(execution_id)["state"] == "RUNNING":
        assert time.monotonic() < deadline, "the execution did not finish within 30 s"
        time.sleep(0.02)
    return engine.get_execution(execution_id)


def query_plan(db_path, statement, parameters):
    connection = sqlite3.connect(db_path)
    try:
        return [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + statement, parameters)]
    finally:
        connection.close()


def test_step_lookups_never_read_every_task(engine, tmp_path):
    engine.create_workflows(chain_document(CHAIN_LENGTH))
    captured = capture_task_queries(engine)

    execution = engine.create_execution("chain_wf")
    finished = wait_until_finished(engine, execution["id"])
    plans = {statement: query_plan(tmp_path / "engine.db", statement, parameters)
             for statement, parameters in captured}

    assert finished["state"] == "SUCCESS"
    assert plans
    for statement, plan in plans.items():
        searches = [line for line in plan if "task_executions" in line]
        assert searches, statement
        for line in searches:
            assert line.startswith("SEARCH"), (statement, plan)
            assert "(id=?)" in line or "(workflow_execution_id=? AND" in line, (statement, plan)


def test_indexes_added_to_older_database(tmp_path):
    server = start_server(tmp_path)
    server.stop()
    connection = sqlite3.connect(server.db_path)
    with connection:
        for name in INDEX_NAMES:
            connection.execute(f"DROP INDEX {name}")
    connection.close()

    server.start()
    server.stop()
    connection = sqlite3.connect(server.db_path)
    indexes = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    connection.close()

    for name in INDEX_NAMES:
        assert name in indexes
