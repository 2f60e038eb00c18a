"""Base classes of the commands, and the options several commands share.

cliff's own bases look up plugins through entry points each time a command
is built: command hooks, output formatters, and the distribution that
provides the command for its epilog. Those scans cost more than the rest
of a run, and `mistral` has no plugins, so the bases here skip them and
register cliff's own formatters directly.
"""

import json
import logging

from cliff import command, lister, show

from mistralclient_env.exceptions import InputError, MistralClientError

LOG = logging.getLogger(__name__)

DEFAULT_LIST_LIMIT = 100

# cliff's formatters by name, as its entry points register them (cliff 4.x).
_FORMATTERS = {
    "cliff.formatter.show": {
        "json": "cliff.formatters.json_format:JSONFormatter",
        "shell": "cliff.formatters.shell:ShellFormatter",
        "table": "cliff.formatters.table:TableFormatter",
        "value": "cliff.formatters.value:ValueFormatter",
        "yaml": "cliff.formatters.yaml_format:YAMLFormatter",
    },
    "cliff.formatter.list": {
        "csv": "cliff.formatters.commaseparated:CSVLister",
        "json": "cliff.formatters.json_format:JSONFormatter",
        "table": "cliff.formatters.table:TableFormatter",
        "value": "cliff.formatters.value:ValueFormatter",
        "yaml": "cliff.formatters.yaml_format:YAMLFormatter",
    },
}


def _load_formatters(namespace):
    import importlib

    from stevedore import extension

    extensions = []
    for name, target in _FORMATTERS[namespace].items():
        module_name, class_name = target.split(":")
        formatter_class = getattr(importlib.import_module(module_name), class_name)
        extensions.append(extension.Extension(name, None, formatter_class, formatter_class()))

    return extension.ExtensionManager.make_test_instance(extensions, namespace=namespace)


class _WithoutPluginScans:
    """Skip cliff's entry-point scans, give commands the app's client, and name
    the errors that have no message of their own."""

    def _load_hooks(self):
        self._hooks = []

    def run(self, parsed_args):
        # cliff prints str(error), which is empty for MemoryError and bare
        # for RecursionError. Inputs are capped in size and depth, so these
        # come from a server response.
        try:
            return super().run(parsed_args)
        except MemoryError as exc:
            raise MistralClientError(
                "Out of memory: the response, or the input, is too large for this process. "
                "Ask for less, for example with --limit, or run with --debug to see where."
            ) from exc
        except RecursionError as exc:
            raise MistralClientError(
                "A value is nested too deeply to be processed (beyond Python's recursion "
                "limit), most likely in the server's response. Run with --debug to see where."
            ) from exc

    def get_epilog(self):
        return self._epilog or ""

    @property
    def client(self):
        return self.app.client


class ShowCommand(_WithoutPluginScans, show.ShowOne):
    """A command that prints one resource as Field | Value."""

    def _load_formatter_plugins(self):
        return _load_formatters(self.formatter_namespace)


class ListCommand(_WithoutPluginScans, lister.Lister):
    """A command that prints resources as rows."""

    def _load_formatter_plugins(self):
        return _load_formatters(self.formatter_namespace)


class DocumentCommand(_WithoutPluginScans, command.Command):
    """A command that prints one JSON document, as OpenStack's client does.

    Subclasses return the document from ``get_document``. It is printed as
    JSON indented by 4 spaces, or as YAML with ``-f yaml``.
    """

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            "-f",
            "--format",
            dest="formatter",
            choices=("json", "yaml"),
            default="json",
            help="output format of the document (default: json, indented by 4 spaces)",
        )
        return parser

    def get_document(self, parsed_args):
        raise NotImplementedError

    def take_action(self, parsed_args):
        document = self.get_document(parsed_args)

        if document is None:
            # OpenStack's client prints an empty line when the field is empty.
            self.app.stdout.write("\n")
        elif parsed_args.formatter == "yaml":
            import yaml

            self.app.stdout.write(
                yaml.safe_dump(document, default_flow_style=False, allow_unicode=True, sort_keys=False)
            )
        else:
            self.app.stdout.write(json.dumps(document, indent=4) + "\n")


class TextCommand(_WithoutPluginScans, command.Command):
    """A command that prints one text as it is, such as a workflow definition."""

    def get_text(self, parsed_args):
        raise NotImplementedError

    def take_action(self, parsed_args):
        text = self.get_text(parsed_args) or ""
        self.app.stdout.write(text if text.endswith("\n") else text + "\n")


class DeleteCommand(_WithoutPluginScans, command.Command):
    """A command that deletes one or more resources in turn.

    Prints one line per resource deleted; a failure is reported and the
    next resource is tried, and the command then exits 1.
    """

    resource_name = "resource"

    def delete_one(self, identifier, parsed_args):
        raise NotImplementedError

    def take_action(self, parsed_args):
        failed = []

        for identifier in parsed_args.identifiers:
            try:
                self.delete_one(identifier, parsed_args)
            except MistralClientError as exc:
                failed.append(identifier)
                LOG.error("Cannot delete %s %s: %s", self.resource_name, identifier, exc)
                continue

            self.app.stdout.write(
                f"Request to delete {self.resource_name} {identifier} has been accepted.\n"
            )

        if failed:
            raise MistralClientError(
                f"Unable to delete the specified {self.resource_name}(s): {', '.join(failed)}."
            )


def add_list_options(parser, default_limit=None, newest_first=False):
    """Add the paging, sorting and filter options of OpenStack's list commands.

    ``newest_first`` is for the lists that newest_first_query orders: their
    --sort_dirs help then states how the default list is requested.
    """
    parser.add_argument(
        "--marker",
        default="",
        metavar="ID",
        help="id of the last item of the previous page; the list starts after it",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=default_limit,
        metavar="N",
        help=(
            "maximum number of items to return; 0 or a negative number asks "
            f"for no limit (default: {default_limit or 'no limit'})"
        ),
    )
    parser.add_argument(
        "--sort_keys",
        default="created_at",
        metavar="KEYS",
        help="comma-separated fields to sort by, such as id,description (default: created_at)",
    )
    sort_dirs_default = "asc"
    if newest_first:
        sort_dirs_default = (
            "desc for the default list, sorted by created_at without --marker or --oldest, "
            "so that --limit keeps the newest items, which are shown oldest first; "
            "asc otherwise"
        )
    parser.add_argument(
        "--sort_dirs",
        default="asc",
        metavar="DIRS",
        help=(
            "comma-separated directions, asc or desc, one per sort key "
            f"(default: {sort_dirs_default})"
        ),
    )
    parser.add_argument(
        "--filter",
        dest="filters",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help=(
            "keep items whose FIELD matches; VALUE is a value or OP:VALUE with OP one of "
            "eq, neq, in, nin, gt, gte, lt, lte, has (for example state=in:ERROR,PAUSED); "
            "can be repeated"
        ),
    )


def add_oldest_option(parser):
    """Add --oldest, for the lists that show the newest items by default.

    Those lists pass ``newest_first=True`` to add_list_options too.
    """
    parser.add_argument(
        "--oldest",
        action="store_true",
        help=(
            "list from the oldest item instead of the newest; by default the newest "
            "--limit items are fetched and shown oldest first"
        ),
    )


def parse_filters(filter_arguments):
    """Turn ``--filter FIELD=VALUE`` arguments into a dict; a later FIELD wins.

    :raises InputError: an argument has no ``=`` or no field name.
    """
    filters = {}

    for argument in filter_arguments:
        field, separator, value = argument.partition("=")
        if not separator or not field:
            raise InputError(
                f"Invalid --filter {argument!r}: write FIELD=VALUE or FIELD=OP:VALUE, "
                "for example state=ERROR."
            )
        filters[field] = value

    return filters


def list_query(parsed_args, sort_dirs=None):
    """Return the paging, sorting and filter keywords of a manager's ``list``.

    ``sort_dirs`` replaces ``--sort_dirs``, for the lists that
    newest_first_query orders.
    """
    return {
        "marker": parsed_args.marker,
        "limit": parsed_args.limit,
        "sort_keys": parsed_args.sort_keys,
        "sort_dirs": parsed_args.sort_dirs if sort_dirs is None else sort_dirs,
        "filters": parse_filters(parsed_args.filters),
    }


def newest_first_query(parsed_args):
    """Return (sort_dirs, reverse) for an execution or task list.

    As OpenStack's client does, the default list (no marker, sorted by
    created_at ascending, no --oldest) requests the newest items first
    from the server, so that --limit keeps the newest, and shows them reversed, oldest
    first. Any other request is sent as given.
    """
    default_order = (
        not parsed_args.marker
        and parsed_args.sort_keys == "created_at"
        and parsed_args.sort_dirs == "asc"
        and not parsed_args.oldest
    )
    if default_order:
        return "desc", True

    return parsed_args.sort_dirs, False


ENV_HELP = (
    "env as JSON or YAML text, the path of a JSON or YAML file (read by content, "
    "whatever the extension), or - to read it from standard input so that a token "
    "stays off the command line. It must be a mapping, such as "
    "'{\"token\": \"new\"}' or 'endpoint: http://new-host/v1'. It is deep-merged into "
    "the execution's env: mappings merge key by key, other values replace the old "
    "value, keys not named are kept. An empty mapping changes nothing and is not sent. "
    "Text starting with { or [ must be strict JSON; unquoted YAML values that YAML "
    "would change (0123, yes/no/on/off, 1.10, a ' #' inside a value) are rejected, "
    "so quote them. At most 1 MiB is read, nested at most 100 levels"
)
