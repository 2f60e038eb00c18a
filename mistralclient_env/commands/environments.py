"""Commands on stored environments: environment-create, -get, -list, -update, -delete."""

from mistralclient_env.commands import base, columns
from mistralclient_env.env_input import read_environment_file

FILE_HELP = (
    "environment file: a JSON or YAML mapping with 'name', 'variables' (a mapping, or "
    "a JSON string of one as environment-get --export prints it), and optionally "
    "'description' and 'scope' (private or public). A path, or - for standard input"
)


def _show(environment):
    return columns.titles(columns.ENVIRONMENT_COLUMNS), columns.environment_row(environment)


class Create(base.ShowCommand):
    """Create a stored environment from a file."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("file", metavar="FILE", help=FILE_HELP)
        return parser

    def take_action(self, parsed_args):
        document = read_environment_file(parsed_args.file, stdin=self.app.stdin)

        environment = self.client.environments.create(
            document["name"],
            document["variables"],
            description=document.get("description"),
            scope=document.get("scope") or "private",
        )
        return _show(environment)


class Get(base.ShowCommand):
    """Show one stored environment, its variables included."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("environment", metavar="ENVIRONMENT", help="environment name")
        parser.add_argument(
            "--export",
            action="store_true",
            help=(
                "show name, description, scope and variables (as a JSON string), in the "
                "form environment-create reads, for example with -f json"
            ),
        )
        return parser

    def take_action(self, parsed_args):
        environment = self.client.environments.get(parsed_args.environment)

        if parsed_args.export:
            return columns.ENVIRONMENT_EXPORT_COLUMNS, columns.environment_export_row(environment)
        return _show(environment)


class List(base.ListCommand):
    """List stored environments, without their variables."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        base.add_list_options(parser)
        return parser

    def take_action(self, parsed_args):
        environments = self.client.environments.list(
            fields=columns.fields(columns.ENVIRONMENT_LIST_COLUMNS),
            **base.list_query(parsed_args),
        )
        rows = [columns.environment_list_row(environment) for environment in environments]
        return columns.titles(columns.ENVIRONMENT_LIST_COLUMNS), rows


class Update(base.ShowCommand):
    """Update a stored environment from a file; given variables replace the old ones whole."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            "file",
            metavar="FILE",
            help=f"{FILE_HELP}. Only 'name' is required; keys left out are not changed",
        )
        return parser

    def take_action(self, parsed_args):
        document = read_environment_file(
            parsed_args.file, stdin=self.app.stdin, require_variables=False
        )

        environment = self.client.environments.update(
            document["name"],
            variables=document.get("variables"),
            description=document.get("description"),
            scope=document.get("scope"),
        )
        return _show(environment)


class Delete(base.DeleteCommand):
    """Delete stored environments; executions started with them keep their copy."""

    resource_name = "environment"

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("identifiers", metavar="ENVIRONMENT", nargs="+", help="environment name(s)")
        return parser

    def delete_one(self, identifier, parsed_args):
        self.client.environments.delete(identifier)
