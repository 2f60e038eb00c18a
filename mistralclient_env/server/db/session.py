"""Database connection, schema creation and transactions.

Two kinds of transaction exist. ``read()`` is a plain transaction for the GET
endpoints. ``write()`` is for every change. On SQLite it starts with
``BEGIN IMMEDIATE``, so the write lock is taken at the start and two writers
never both read a row and then both update it. SQLite waits up to
``BUSY_TIMEOUT`` seconds for that lock. On other databases (PostgreSQL) the
engine locks the root execution row with ``SELECT ... FOR UPDATE`` instead.
"""

import contextlib
import logging
import os

from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from mistralclient_env.server.db.models import Base

LOG = logging.getLogger(__name__)

BUSY_TIMEOUT = 30
"""Seconds a SQLite connection waits for another writer before it fails."""

_BEGIN_OPTION = "sqlite_begin"


def mask_url(url):
    """Return the database URL as text with its password replaced by ``***``."""
    return make_url(url).render_as_string(hide_password=True)


class Database:
    """The server's database: one SQLAlchemy engine and its sessions."""

    def __init__(self, url):
        self.url = url
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"

        if self.is_sqlite:
            self._prepare_sqlite_file(parsed)
            self.engine = create_engine(
                url,
                connect_args={"timeout": BUSY_TIMEOUT, "check_same_thread": False},
                pool_size=20,
                max_overflow=20,
            )
            self._install_sqlite_hooks()
            self._write_bind = self.engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        else:
            self.engine = create_engine(url, pool_pre_ping=True, pool_size=20, max_overflow=20)
            self._write_bind = self.engine

    @staticmethod
    def _prepare_sqlite_file(parsed):
        path = parsed.database
        if path and path != ":memory:":
            directory = os.path.dirname(os.path.abspath(path))
            os.makedirs(directory, exist_ok=True)

    def _install_sqlite_hooks(self):
        # pysqlite starts transactions on its own, lazily and always DEFERRED.
        # Turning that off lets the "begin" hook emit BEGIN or BEGIN IMMEDIATE.
        @event.listens_for(self.engine, "connect")
        def _on_connect(dbapi_connection, connection_record):
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(self.engine, "begin")
        def _on_begin(connection):
            mode = connection.get_execution_options().get(_BEGIN_OPTION, "")
            connection.exec_driver_sql(f"BEGIN {mode}".strip())

    def create_schema(self):
        Base.metadata.create_all(self.engine)

    @contextlib.contextmanager
    def read(self):
        """Yield a session in a read transaction, closed at the end."""
        with Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                yield session

    @contextlib.contextmanager
    def write(self):
        """Yield a session in a write transaction; commit at the end, roll back on error."""
        with Session(self._write_bind, expire_on_commit=False) as session:
            with session.begin():
                yield session

    def dispose(self):
        self.engine.dispose()
