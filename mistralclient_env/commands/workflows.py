"""Commands on workflows: workflow-create, -get, -list, -get-definition, -delete."""

import sys

from mistralclient_env.commands import base, columns
from mistralclient_env.env_input import read_bounded, too_large_message
from mistralclient_env.exceptions import InputError


def _show(workflow):
    return columns.titles(columns.WORKFLOW_COLUMNS), columns.workflow_row(workflow)


def _add_namespace_option(parser, default="", purpose="of the workflow"):
    parser.add_argument(
        "--namespace",
        default=default,
        help=f"namespace {purpose} (default: the default namespace)",
    )


def read_definition(path, stdin=None):
    """Return the text of a workflow definition file, or of standard input for ``-``.

    At most MAX_INPUT_BYTES are read, the limit of every input file.

    :raises InputError: the file is missing, a directory, unreadable, larger
        than the limit or not UTF-8.
    """
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin
        raw = read_bounded(stream.buffer if hasattr(stream, "buffer") else stream)
        source = "standard input"
    else:
        source = f"file {path!r}"
        try:
            with open(path, "rb") as definition_file:
                raw = read_bounded(definition_file)
        except FileNotFoundError:
            raise InputError(f"Invalid DEFINITION: {source} not found.") from None
        except IsADirectoryError:
            raise InputError(f"Invalid DEFINITION: {path!r} is a directory, not a file.") from None
        except OSError as exc:
            raise InputError(f"Invalid DEFINITION: cannot read {source}: {exc.strerror}.") from None

    if raw is None:
        raise InputError(f"Invalid DEFINITION: {too_large_message(source)}")

    if isinstance(raw, str):
        return raw

    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"Invalid DEFINITION: {source} is not UTF-8 text.") from None


class Create(base.ListCommand):
    """Create workflows from a definition file."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            "definition",
            metavar="DEFINITION",
            help=(
                "path of the workflow definition (Mistral workflow language v2, YAML), "
                "or - to read it from standard input; one file may define several workflows"
            ),
        )
        _add_namespace_option(parser, purpose="to create the workflows in")
        parser.add_argument(
            "--public",
            action="store_true",
            help="make the workflows visible to every project (scope public; default private)",
        )
        return parser

    def take_action(self, parsed_args):
        definition = read_definition(parsed_args.definition, stdin=self.app.stdin)

        workflows = self.client.workflows.create(
            definition,
            namespace=parsed_args.namespace,
            scope="public" if parsed_args.public else "private",
        )
        rows = [columns.workflow_row(workflow, listing=True) for workflow in workflows]
        return columns.titles(columns.WORKFLOW_COLUMNS), rows


class Get(base.ShowCommand):
    """Show one workflow."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("workflow", metavar="WORKFLOW", help="workflow name or id")
        _add_namespace_option(parser)
        return parser

    def take_action(self, parsed_args):
        return _show(self.client.workflows.get(parsed_args.workflow, parsed_args.namespace))


class List(base.ListCommand):
    """List workflows."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        base.add_list_options(parser)
        return parser

    def take_action(self, parsed_args):
        workflows = self.client.workflows.list(
            fields=columns.fields(columns.WORKFLOW_COLUMNS),
            **base.list_query(parsed_args),
        )
        rows = [columns.workflow_row(workflow, listing=True) for workflow in workflows]
        return columns.titles(columns.WORKFLOW_COLUMNS), rows


class GetDefinition(base.TextCommand):
    """Show the definition of a workflow, as it was uploaded."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("workflow", metavar="WORKFLOW", help="workflow name or id")
        _add_namespace_option(parser)
        return parser

    def get_text(self, parsed_args):
        return self.client.workflows.get_definition(parsed_args.workflow, parsed_args.namespace)


class Delete(base.DeleteCommand):
    """Delete workflows; their executions stay readable."""

    resource_name = "workflow"

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("identifiers", metavar="WORKFLOW", nargs="+", help="workflow name(s) or id(s)")
        _add_namespace_option(parser, default=None, purpose="to delete the workflows from")
        return parser

    def delete_one(self, identifier, parsed_args):
        self.client.workflows.delete(identifier, namespace=parsed_args.namespace)
