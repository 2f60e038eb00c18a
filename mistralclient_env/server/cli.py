"""``mistral-env-server``: run the bundled reference server.

Waitress serves the Falcon app; the Engine runs actions on its own worker
threads. SIGTERM and Ctrl-C stop the HTTP server, the timers and the
workers; actions that were still running are recovered at the next start
(see ``engine.recovery``).
"""

import argparse
import logging
import os
import signal
import sys
import threading

from mistralclient_env import __version__

LOG = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8989
DEFAULT_WORKERS = 4
HTTP_THREADS = 8
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


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
    parser.add_argument("--log-level", default="INFO", type=str.upper,
                        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
                        help="Lowest level of the log lines written to standard error (default: INFO).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    if args.workers < 1:
        build_parser().error(f"--workers must be at least 1, got {args.workers}")
    if not 0 <= args.port <= 65535:
        build_parser().error(f"--port must be between 0 and 65535, got {args.port}")

    logging.basicConfig(level=args.log_level, format=LOG_FORMAT, stream=sys.stderr)
    # Waitress warns about its task queue depth under load, which is no error of this server.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    return serve(args.host, args.port, args.db or default_db_url(), args.workers)


def serve(host, port, db_url, workers):
    """Run the server until SIGTERM or SIGINT; return the exit code."""
    import waitress

    from mistralclient_env.server.app import create_app
    from mistralclient_env.server.db.session import Database, mask_url
    from mistralclient_env.server.engine.facade import Engine
    from mistralclient_env.server.engine.tracebacks import describe_exception

    try:
        database = Database(db_url)
    except Exception as error:
        LOG.error("Cannot open the database %s: %s", mask_url(db_url), type(error).__name__)
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
        server = waitress.create_server(create_app(engine), host=host, port=port, threads=HTTP_THREADS,
                                        ident="mistral-env-server")
        LOG.info("mistral-env-server %s listening on http://%s:%s/v2 (database %s, %d workers)",
                 __version__, host, server.effective_port, mask_url(db_url), workers)
        server.run()
        server.close()
    except SystemExit:
        pass
    except Exception as error:
        LOG.error("The server failed:\n%s", describe_exception(error))
        return 1
    finally:
        engine.stop()
        LOG.info("mistral-env-server stopped")

    return 0


if __name__ == "__main__":
    sys.exit(main())
