"""The `mistral` command: global options, the command table, exit codes.

Commands are registered once, in COMMANDS below, and imported only when
run or listed by --help. keystoneauth1 and PyYAML are imported only on the
paths that need them, because scripts run `mistral` thousands of times and
its start-up time counts.
"""

import argparse
import enum
import importlib
import inspect
import logging
import os
import sys

from cliff import app, commandmanager, help as cliff_help

from mistralclient_env import __version__

LOG = logging.getLogger(__name__)

# Command name -> (module under mistralclient_env.commands, class).
COMMANDS = {
    "action-execution-list": ("action_executions", "List"),
    "environment-create": ("environments", "Create"),
    "environment-delete": ("environments", "Delete"),
    "environment-get": ("environments", "Get"),
    "environment-list": ("environments", "List"),
    "environment-update": ("environments", "Update"),
    "execution-create": ("executions", "Create"),
    "execution-delete": ("executions", "Delete"),
    "execution-get": ("executions", "Get"),
    "execution-get-env": ("executions", "GetEnv"),
    "execution-get-input": ("executions", "GetInput"),
    "execution-get-output": ("executions", "GetOutput"),
    "execution-list": ("executions", "List"),
    "execution-update": ("executions", "Update"),
    "task-get": ("tasks", "Get"),
    "task-get-published": ("tasks", "GetPublished"),
    "task-get-result": ("tasks", "GetResult"),
    "task-list": ("tasks", "List"),
    "task-rerun": ("tasks", "Rerun"),
    "workflow-create": ("workflows", "Create"),
    "workflow-delete": ("workflows", "Delete"),
    "workflow-get": ("workflows", "Get"),
    "workflow-get-definition": ("workflows", "GetDefinition"),
    "workflow-list": ("workflows", "List"),
}


class ExitStatus(enum.IntEnum):
    """Exit codes of `mistral`, the same as OpenStack's client."""

    SUCCESS = 0
    # The server rejected the request, or the input was unusable; the
    # message is on standard error.
    ERROR = 1
    # The command line did not parse (argparse's code).
    USAGE = 2


class _LazyCommand:
    """A command table entry that imports its module on first use.

    It has the two members cliff's CommandManager uses of an entry point.
    """

    def __init__(self, module_name, class_name):
        self._module_name = module_name
        self._class_name = class_name

    @property
    def value(self):
        return f"{self._module_name}:{self._class_name}"

    def load(self):
        module = importlib.import_module(self._module_name)
        return getattr(module, self._class_name)


def _environ(*names, default=None):
    """Return the first non-empty environment variable of ``names``, else ``default``."""
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    return default


def _positive_seconds(text):
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None

    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be more than 0 seconds")
    return seconds


def _write_command_list(app_instance, stdout):
    stdout.write("\nCommands:\n")

    entries = sorted(app_instance.command_manager)
    width = max(len(name) for name, _ in entries)
    for name, entry in entries:
        summary = (inspect.getdoc(entry.load()) or "").split("\n")[0].rstrip(".")
        stdout.write(f"  {name:<{width}}  {summary}\n")


class _URLMaskingFormatter(logging.Formatter):
    """Format a record with another formatter, then mask URL credentials in the text."""

    def __init__(self, formatter):
        super().__init__()
        self._formatter = formatter or logging.Formatter()

    def format(self, record):
        from mistralclient_env.api.redaction import mask_url

        return mask_url(self._formatter.format(record))


def _is_terminal(stream):
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _HelpCommand(cliff_help.HelpCommand):
    """Print the help of a command, or of `mistral` without one."""

    def _load_hooks(self):
        self._hooks = []

    def get_epilog(self):
        return ""

    def take_action(self, parsed_args):
        if parsed_args.cmd:
            return super().take_action(parsed_args)

        self.app.parser.print_help(self.app.stdout)
        _write_command_list(self.app, self.app.stdout)
        return ExitStatus.SUCCESS


class MistralShell(app.App):
    """The cliff application behind the `mistral` console script."""

    NAME = "mistral"
    LOG = logging.getLogger("mistral")

    # OpenStack's client prints "ERROR (app) <message>"; scripts may match it.
    CONSOLE_MESSAGE_FORMAT = "%(levelname)s (%(module)s) %(message)s"

    def __init__(self, stdin=None, stdout=None, stderr=None):
        command_manager = commandmanager.CommandManager(None)
        for name, (module_name, class_name) in COMMANDS.items():
            command_manager.commands[name] = _LazyCommand(
                f"mistralclient_env.commands.{module_name}", class_name
            )

        super().__init__(
            description="Command-line client for the Mistral v2 workflow API.",
            version=__version__,
            command_manager=command_manager,
            stdin=stdin,
            stdout=stdout,
            stderr=stderr,
            # "mistral CMD --help" then shows the help of CMD, not of mistral.
            deferred_help=True,
        )
        command_manager.add_command("help", _HelpCommand)
        self._client = None

    @property
    def client(self):
        """The api.client.Client for the global options, built on first use.

        :raises ConfigurationError: the connection options are incomplete.
        """
        if self._client is None:
            from mistralclient_env.api.client import create_client

            options = self.options
            self._client = create_client(
                mistral_url=options.mistral_url,
                token=options.token,
                auth_url=options.auth_url,
                username=options.username,
                password=options.password,
                project_name=options.project_name,
                project_id=options.project_id,
                user_domain_name=options.user_domain_name,
                user_domain_id=options.user_domain_id,
                project_domain_name=options.project_domain_name,
                project_domain_id=options.project_domain_id,
                service_type=options.service_type,
                interface=options.interface,
                region_name=options.region_name,
                cacert=options.cacert,
                insecure=options.insecure,
                cert=options.cert,
                key=options.key,
                timeout=options.timeout,
            )
        return self._client

    def initialize_app(self, argv):
        # cliff starts its interactive shell when no command is given. Without
        # a terminal (a script, CI) that shell prints nothing for empty input
        # and exits 1, so a missing command is a usage error there.
        # NOTE: commands piped to a bare `mistral` are therefore not run.
        if not argv and not self.options.deferred_help and not _is_terminal(self.stdin):
            self.stderr.write(self.parser.format_usage())
            self.stderr.write(
                f"{self.NAME}: error: a command is required; run '{self.NAME} --help' for "
                "the options, or 'mistral help COMMAND' for one command.\n"
            )
            _write_command_list(self, self.stderr)
            raise SystemExit(ExitStatus.USAGE)

        super().initialize_app(argv)

    def print_help_if_requested(self):
        # cliff's own help looks up which distribution provides each command,
        # a scan of every installed package that doubles the time of --help.
        if self.deferred_help and self.options.deferred_help:
            self.parser.print_help(self.stdout)
            _write_command_list(self, self.stdout)
            raise cliff_help.HelpExit()

    def configure_logging(self):
        # --debug turns on the debug log too (one line per request), as in
        # OpenStack's client; in cliff alone it only adds tracebacks.
        if self.options.debug:
            self.options.verbose_level = max(self.options.verbose_level, 2)

        root = logging.getLogger()
        handlers_before = list(root.handlers)
        super().configure_logging()

        # Our HTTP layer logs each request once, masked; these would repeat
        # it, keystoneauth1 with bodies.
        for name in ("urllib3", "keystoneauth", "stevedore"):
            logging.getLogger(name).setLevel(logging.WARNING)

        # A --debug traceback includes the HTTP library's own messages, which
        # quote the request URL, so every line of cliff's handlers (console,
        # --log-file) is masked as it is written.
        for handler in root.handlers:
            if handler not in handlers_before:
                handler.setFormatter(_URLMaskingFormatter(handler.formatter))

    def build_option_parser(self, description, version, argparse_kwargs=None):
        argparse_kwargs = dict(argparse_kwargs or {}, conflict_handler="resolve")
        parser = super().build_option_parser(description, version, argparse_kwargs)

        parser.add_argument(
            "-h",
            "--help",
            dest="deferred_help",
            action="store_true",
            help="show this help message and the list of commands, or the help of a command, then exit",
        )
        parser.add_argument(
            "--debug",
            action="store_true",
            default=False,
            help=(
                "log each request (method, URL, status, time) and its bodies, and show "
                "tracebacks on errors. Tokens, URL passwords, env values, input, output, "
                "results, published values, state info and runtime context are masked"
            ),
        )

        _add_api_options(parser)
        _add_keystone_options(parser)
        _add_tls_options(parser)
        return parser


def _add_api_options(parser):
    group = parser.add_argument_group("Mistral API")
    group.add_argument(
        "--os-mistral-url",
        dest="mistral_url",
        default=_environ("OS_MISTRAL_URL"),
        metavar="URL",
        help=(
            "Mistral API root, such as http://localhost:8989/v2 (the default without "
            "Keystone). With Keystone it overrides the service catalog. Env: OS_MISTRAL_URL"
        ),
    )
    group.add_argument(
        "--os-auth-token",
        "--os-token",
        dest="token",
        default=_environ("OS_AUTH_TOKEN", "OS_TOKEN"),
        metavar="TOKEN",
        help=(
            "token: sent as X-Auth-Token without --os-auth-url, or used for Keystone "
            "token authentication with it. Env: OS_AUTH_TOKEN or OS_TOKEN"
        ),
    )
    group.add_argument(
        "--timeout",
        dest="timeout",
        type=_positive_seconds,
        # A string default goes through type= too, so a bad MISTRAL_TIMEOUT is a usage error.
        default=_environ("MISTRAL_TIMEOUT", default="60"),
        metavar="SECONDS",
        help="seconds to wait to connect and for each read of a response (default: 60). Env: MISTRAL_TIMEOUT",
    )


def _add_keystone_options(parser):
    group = parser.add_argument_group(
        "Keystone authentication", "Used when --os-auth-url is given."
    )
    group.add_argument(
        "--os-auth-url",
        dest="auth_url",
        default=_environ("OS_AUTH_URL"),
        metavar="URL",
        help="Keystone URL, such as https://keystone.example:5000/v3. Env: OS_AUTH_URL",
    )
    group.add_argument(
        "--os-username", dest="username", default=_environ("OS_USERNAME"), help="Env: OS_USERNAME"
    )
    group.add_argument(
        "--os-password", dest="password", default=_environ("OS_PASSWORD"), help="Env: OS_PASSWORD"
    )
    group.add_argument(
        "--os-project-name",
        "--os-tenant-name",
        dest="project_name",
        default=_environ("OS_PROJECT_NAME", "OS_TENANT_NAME"),
        help="Env: OS_PROJECT_NAME or OS_TENANT_NAME",
    )
    group.add_argument(
        "--os-project-id",
        "--os-tenant-id",
        dest="project_id",
        default=_environ("OS_PROJECT_ID", "OS_TENANT_ID"),
        help="Env: OS_PROJECT_ID or OS_TENANT_ID",
    )
    group.add_argument(
        "--os-user-domain-name",
        dest="user_domain_name",
        default=_environ("OS_USER_DOMAIN_NAME"),
        help="user domain (default: the domain with id 'default'). Env: OS_USER_DOMAIN_NAME",
    )
    group.add_argument(
        "--os-user-domain-id",
        dest="user_domain_id",
        default=_environ("OS_USER_DOMAIN_ID"),
        help="Env: OS_USER_DOMAIN_ID",
    )
    group.add_argument(
        "--os-project-domain-name",
        dest="project_domain_name",
        default=_environ("OS_PROJECT_DOMAIN_NAME"),
        help="project domain (default: the domain with id 'default'). Env: OS_PROJECT_DOMAIN_NAME",
    )
    group.add_argument(
        "--os-project-domain-id",
        dest="project_domain_id",
        default=_environ("OS_PROJECT_DOMAIN_ID"),
        help="Env: OS_PROJECT_DOMAIN_ID",
    )
    group.add_argument(
        "--os-mistral-service-type",
        dest="service_type",
        default=_environ("OS_MISTRAL_SERVICE_TYPE", default="workflowv2"),
        metavar="TYPE",
        help="service type of Mistral in the catalog (default: workflowv2). Env: OS_MISTRAL_SERVICE_TYPE",
    )
    group.add_argument(
        "--os-interface",
        "--os-mistral-endpoint-type",
        dest="interface",
        default=_environ("OS_INTERFACE", "OS_MISTRAL_ENDPOINT_TYPE", default="public"),
        metavar="INTERFACE",
        help=(
            "catalog interface: public, internal or admin (default: public). "
            "Env: OS_INTERFACE or OS_MISTRAL_ENDPOINT_TYPE"
        ),
    )
    group.add_argument(
        "--os-region-name",
        dest="region_name",
        default=_environ("OS_REGION_NAME"),
        metavar="REGION",
        help="catalog region (default: any). Env: OS_REGION_NAME",
    )


def _add_tls_options(parser):
    group = parser.add_argument_group("TLS")
    group.add_argument(
        "--os-cacert",
        dest="cacert",
        default=_environ("OS_CACERT"),
        metavar="PATH",
        help="CA bundle to verify the servers' certificates. Env: OS_CACERT",
    )
    group.add_argument(
        "--insecure",
        action="store_true",
        default=bool(_environ("MISTRALCLIENT_INSECURE")),
        help="do not verify TLS certificates. Env: MISTRALCLIENT_INSECURE",
    )
    group.add_argument(
        "--os-cert", dest="cert", default=_environ("OS_CERT"), metavar="PATH",
        help="client certificate. Env: OS_CERT",
    )
    group.add_argument(
        "--os-key", dest="key", default=_environ("OS_KEY"), metavar="PATH",
        help="key of the client certificate. Env: OS_KEY",
    )


def main(argv=None):
    """Run `mistral` with ``argv`` (default: the process arguments); return the exit code."""
    if argv is None:
        argv = sys.argv[1:]

    try:
        return int(MistralShell().run(argv))
    except SystemExit as exc:
        # argparse exits 2 on a usage error and 0 after --help or --version.
        if exc.code is None:
            return ExitStatus.SUCCESS
        if isinstance(exc.code, int):
            return exc.code
        return ExitStatus.ERROR


if __name__ == "__main__":
    sys.exit(main())
