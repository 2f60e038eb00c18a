"""``mistral-env-server``: run the bundled reference server.

Waitress serves the Falcon app; the Engine runs actions on its own worker
threads. SIGTERM and Ctrl-C stop the HTTP server, the timers and the
workers; actions that were still running are recovered at the next start
(see ``engine.recovery``). Before that recovery, the server locks its
database (``db.lock``), so a second server on the same database exits
instead of marking the first one's running tasks as interrupted.
"""

import argparse
import logging
import os
import signal
import sys
import threading

from mistralclient_env import __version__
from mistralclient_env.server import logs
from mistralclient_env.server.rest.bodies import DEFAULT_MAX_BODY_SIZE

LOG = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8989
DEFAULT_WORKERS = 4
HTTP_THREADS = 8

# Import names of the packages that the 'server' extra installs.
SERVER_EXTRA_MODULES = ("falcon", "waitress", "sqlalchemy", "yaql", "jinja2")

# The database stores env values (tokens) in plain text, so every file the
# server creates is readable by its owner only.
FILE_CREATION_MASK = 0o077


def default_db_url():
    """Return the SQLite URL of ``mistral-env-server/server.db`` in the user's state directory."""
    state_home = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    path = os.path.join(state_home, "mistral-env-server", "server.db")
    return f"sqlite:///{path}"


def build_parser():
    parser = argparse.ArgumentParser(
        prog="mistral-env-server",
        description="Run the bundled Mistral v2 API server and workflow engine (mistralclient-env).",
    )
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"Address to listen on (default: {DEFAULT_HOST}).")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"TCP port to listen on; 0 picks a free port and logs it (default: {DEFAULT_PORT}).")
    parser.add_argument("--db", default=None, metavar="URL",
                        help="SQLAlchemy database URL, for example sqlite:////var/lib/mistral.db or "
                             "postgresql+psycopg2://user:password@host/name (the database driver must be "
                             "installed; default: a SQLite file mistral-env-server/server.db under "
                             "$XDG_STATE_HOME, else ~/.local/state).")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, metavar="N",
                        help=f"Number of threads that run actions (default: {DEFAULT_WORKERS}).")
    parser.add_argument("--max-body-size", type=int, default=DEFAULT_MAX_BODY_SIZE, metavar="BYTES",
                        help="Maximum size of a request body, in bytes; a larger one is rejected with 413 "
                             f"without being read (default: {DEFAULT_MAX_BODY_SIZE}, 1 MiB).")
    parser.add_argument("--log-level", default="INFO", type=str.upper,
                        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
                        help="Lowest level of the server's log lines written to standard error (default: "
                             "INFO). Libraries (urllib3, requests, SQLAlchemy, waitress, Falcon, yaql, Jinja2) "
                             "log at WARNING or above whatever this level is, because their DEBUG lines can "
                             "show URLs with query strings that carry env values.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def missing_server_modules():
    """Return the import names of the 'server' extra's packages that are not installed."""
    import importlib.util

    return [name for name in SERVER_EXTRA_MODULES if importlib.util.find_spec(name) is None]


def main(argv=None):
    args = build_parser().parse_args(argv)

    missing = missing_server_modules()
    if missing:
        print(f"mistral-env-server: missing packages of the 'server' extra: {', '.join(missing)}. "
              "Install them with: pip install 'mistralclient-env[server]'", file=sys.stderr)
        return 1

    if args.workers < 1:
        build_parser().error(f"--workers must be at least 1, got {args.workers}")
    if not 0 <= args.port <= 65535:
        build_parser().error(f"--port must be between 0 and 65535, got {args.port}")
    if args.max_body_size < 1:
        build_parser().error(f"--max-body-size must be at least 1 byte, got {args.max_body_size}")
    if args.db is not None and not _is_database_url(args.db):
        # The text is not shown: it may contain a password.
        build_parser().error("--db is not a valid database URL: give one such as sqlite:////var/lib/mistral.db")

    logs.configure(args.log_level)
    os.umask(FILE_CREATION_MASK)

    return serve(args.host, args.port, args.db or default_db_url(), args.workers, args.max_body_size)


def _is_database_url(text):
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(text)
    except ArgumentError:
        return False
    return True


def serve(host, port, db_url, workers, max_body_size=DEFAULT_MAX_BODY_SIZE):
    """Run the server until SIGTERM or SIGINT; return the exit code.

    Returns 1 without serving when the database cannot be opened or another
    server holds its lock.
    """
    from mistralclient_env.server.app import create_app
    from mistralclient_env.server.db.lock import DatabaseInUseError, lock_database
    from mistralclient_env.server.db.session import Database, mask_url
    from mistralclient_env.server.engine.facade import Engine
    from mistralclient_env.server.engine.tracebacks import describe_exception
    from mistralclient_env.server.http_server import create_server

    shown_url = mask_url(db_url)
    try:
        database = Database(db_url)
        database_lock = lock_database(database, shown_url)
    except DatabaseInUseError as error:
        LOG.error("%s", error)
        return 1
    except Exception as error:
        LOG.error("Cannot open the database %s: %s", shown_url, type(error).__name__)
        return 1

    stopping = threading.Event()

    def stop(signum, frame):
        if stopping.is_set():
            return
        stopping.set()
        LOG.info("Received %s, stopping", signal.Signals(signum).name)
        # Raised on the main thread inside waitress's loop, which then shuts its threads down.
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    engine = Engine(database, workers=workers)
    try:
        engine.start()
        server = create_server(create_app(engine, max_body_size=max_body_size), host=host, port=port,
                               threads=HTTP_THREADS, max_body_size=max_body_size)
        LOG.info("mistral-env-server %s listening on http://%s:%s/v2 (database %s, %d workers)",
                 __version__, host, server.effective_port, shown_url, workers)
        server.run()
        server.close()
    except SystemExit:
        pass
    except Exception as error:
        LOG.error("The server failed:\n%s", describe_exception(error))
        return 1
    finally:
        engine.stop()
        database_lock.release()
        LOG.info("mistral-env-server stopped")

    return 0


if __name__ == "__main__":
    sys.exit(main())
