"""One server per database: an exclusive lock taken before recovery, held until the server stops.

At start, recovery marks every task that was RUNNING as interrupted. That
is right after a crash, and wrong while another server still runs those
tasks on the same database. So a server locks its database first, and a
second server on the same database exits instead of recovering:

- SQLite file: an exclusive ``flock`` on ``<database file>.lock``, which
  records the process id of the holder. The kernel releases it when the
  process ends, even by SIGKILL, so a crash never leaves a stale lock.
  ``sqlite:///:memory:`` needs no lock.
- PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) on a
  connection kept open for the server's life.
- Other databases: no lock, and a NOTE line in the log warns about it.
"""

import errno
import fcntl
import logging
import os

import sqlalchemy

LOG = logging.getLogger(__name__)

ADVISORY_LOCK_KEY = 0x6D697374_72616C65
"""Key of the PostgreSQL advisory lock: a fixed 64-bit number, the ASCII bytes of "mistrale"."""


class DatabaseInUseError(Exception):
    """Another server holds the lock of the database. The message names the lock and what to do."""


class DatabaseLock:
    """The lock a server holds on its database. ``release()`` gives it up; calling it twice is harmless."""

    def __init__(self, release=None):
        self._release = release

    def release(self):
        if self._release is not None:
            release, self._release = self._release, None
            release()


def lock_database(database, shown_url):
    """Take the server's exclusive lock on ``database`` (a ``db.session.Database``) and return it.

    ``shown_url`` is the database URL without its password, for messages.
    Raises DatabaseInUseError when another server holds the lock, and
    OSError or a SQLAlchemy error when the lock cannot be taken at all.
    """
    url = database.engine.url
    backend = url.get_backend_name()

    if backend == "sqlite":
        path = url.database
        if not path or path == ":memory:" or path.startswith("file:"):
            # NOTE: an in-memory database belongs to this process alone, and a
            # "file:" URI is passed to SQLite as it is; neither gets a lock file.
            LOG.info("NOTE: no lock taken on the database %s", shown_url)
            return DatabaseLock()
        return _lock_sqlite_file(os.path.abspath(path), shown_url)

    if backend == "postgresql":
        return _lock_postgresql(database.engine, shown_url)

    LOG.warning(
        "NOTE: no lock taken on the %s database %s: make sure that no other mistral-env-server uses it, "
        "because a server that starts marks the running tasks of the database as interrupted.",
        backend, shown_url,
    )
    return DatabaseLock()


def lock_file_path(database_path):
    return database_path + ".lock"


def _lock_sqlite_file(database_path, shown_url):
    path = lock_file_path(database_path)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        holder = _read_holder(descriptor)
        os.close(descriptor)
        if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise
        raise DatabaseInUseError(
            f"Another mistral-env-server{holder} is using the database {shown_url}: it has locked the file "
            f"{path}. Stop that server first, or start this one with another database (--db)."
        ) from None

    os.ftruncate(descriptor, 0)
    os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))
    LOG.info("Locked the database %s (lock file %s)", shown_url, path)

    def release():
        # Closing the descriptor releases the lock; the file stays for the next server.
        os.close(descriptor)

    return DatabaseLock(release)


def _read_holder(descriptor):
    try:
        text = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" (process {text})" if text.isdigit() else ""


def _lock_postgresql(engine, shown_url):
    connection = engine.connect()
    try:
        locked = connection.execute(
            sqlalchemy.text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
        ).scalar()
        connection.commit()
    except Exception:
        connection.close()
        raise

    if not locked:
        connection.close()
        raise DatabaseInUseError(
            f"Another mistral-env-server is using the database {shown_url}: it has taken the advisory lock "
            f"{ADVISORY_LOCK_KEY}. Stop that server first, or start this one with another database (--db)."
        )

    # NOTE: the lock lives as long as this connection. If the database drops
    # the connection, the lock is gone and nothing takes it again.
    LOG.info("Locked the database %s (advisory lock %d)", shown_url, ADVISORY_LOCK_KEY)
    return DatabaseLock(connection.close)
