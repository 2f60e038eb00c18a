"""Commands on workflow executions: execution-create, -get, -list, -update, -delete..."""

from mistralclient_env.commands import base, columns
from mistralclient_env.env_input import STDIN_ARGUMENT, read_env, read_mapping
from mistralclient_env.exceptions import InputError

EXECUTION_STATES = ("RUNNING", "PAUSED", "SUCCESS", "ERROR", "CANCELLED")


def _show(execution):
    return columns.titles(columns.EXECUTION_COLUMNS), columns.execution_row(execution)


class Create(base.ShowCommand):
    """Create a new workflow execution."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("workflow", metavar="WORKFLOW", help="workflow name, or workflow id (a UUID)")
        parser.add_argument(
            "workflow_input",
            metavar="INPUT",
            nargs="?",
            help=(
                "workflow input: a mapping as JSON or YAML text, the path of a JSON or "
                "YAML file, or - for standard input"
            ),
        )
        parser.add_argument(
            "params",
            metavar="PARAMS",
            nargs="?",
            help=(
                "execution parameters, a mapping read like INPUT; its 'env' is a mapping, "
                "or the name of a stored environment whose variables are copied in"
            ),
        )
        parser.add_argument("-d", "--description", default="", help="execution description")
        parser.add_argument(
            "--namespace", default="", help="namespace of the workflow (default: the default namespace)"
        )
        parser.add_argument(
            "-e",
            "--env",
            metavar="ENV",
            help=(
                f"{base.ENV_HELP}. Here it is deep-merged into the 'env' of PARAMS, "
                "ENV winning on the same key"
            ),
        )
        return parser

    def take_action(self, parsed_args):
        arguments = (parsed_args.workflow_input, parsed_args.params, parsed_args.env)
        if arguments.count(STDIN_ARGUMENT) > 1:
            raise InputError("Only one of INPUT, PARAMS and --env can read standard input (-).")

        stdin = self.app.stdin
        workflow_input = {}
        if parsed_args.workflow_input is not None:
            workflow_input = read_mapping(parsed_args.workflow_input, "INPUT", stdin=stdin)

        params = {}
        if parsed_args.params is not None:
            params = read_mapping(parsed_args.params, "PARAMS", stdin=stdin)

        params = merge_env_into_params(params, read_env(parsed_args.env, stdin=stdin))

        execution = self.client.executions.create(
            parsed_args.workflow,
            workflow_input=workflow_input,
            params=params,
            description=parsed_args.description,
            namespace=parsed_args.namespace,
        )
        return _show(execution)


def merge_env_into_params(params, env):
    """Return a copy of ``params`` whose ``env`` has ``env`` deep-merged into it.

    Mappings merge key by key and any other value of ``env`` replaces the
    old one. An empty ``env`` returns ``params`` unchanged.

    :raises InputError: ``params`` names a stored environment in ``env``,
        which a mapping cannot be merged into.
    """
    if not env:
        return params

    current = params.get("env")
    if current is None:
        return dict(params, env=env)

    if not isinstance(current, dict):
        raise InputError(
            "PARAMS gives 'env' as the name of a stored environment, which --env cannot "
            "be merged into. Give the variables in --env alone, or drop --env."
        )

    return dict(params, env=deep_merge(current, env))


def deep_merge(base_mapping, update):
    """Return ``base_mapping`` updated by ``update``; neither is changed.

    For each key of ``update``: two mappings merge recursively, any other
    value replaces the old one. Keys only in ``base_mapping`` are kept.
    """
    merged = dict(base_mapping)

    for key, value in update.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value

    return merged


class Get(base.ShowCommand):
    """Show one workflow execution."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("execution", metavar="EXECUTION", help="execution id")
        return parser

    def take_action(self, parsed_args):
        return _show(self.client.executions.get(parsed_args.execution))


class List(base.ListCommand):
    """List workflow executions (the newest 100 by default, shown oldest first)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        base.add_list_options(parser, default_limit=base.DEFAULT_LIST_LIMIT, newest_first=True)
        base.add_oldest_option(parser)
        parser.add_argument(
            "--task",
            metavar="TASK_ID",
            help="list only the sub-workflow executions started by this task execution",
        )
        parser.add_argument(
            "--rootsonly",
            action="store_true",
            help="list only root executions, leaving out sub-workflow executions",
        )
        return parser

    def take_action(self, parsed_args):
        sort_dirs, reverse = base.newest_first_query(parsed_args)

        executions = self.client.executions.list(
            task=parsed_args.task,
            fields=columns.fields(columns.EXECUTION_COLUMNS),
            nulls="root_execution_id" if parsed_args.rootsonly else None,
            **base.list_query(parsed_args, sort_dirs),
        )

        rows = [columns.execution_row(execution, listing=True) for execution in executions]
        if reverse:
            rows.reverse()
        return columns.titles(columns.EXECUTION_COLUMNS), rows


class Update(base.ShowCommand):
    """Update a workflow execution: its state, its description or its env."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("id", metavar="ID", help="execution id")
        parser.add_argument(
            "-s",
            "--state",
            choices=EXECUTION_STATES,
            help=(
                "new state: RUNNING resumes a PAUSED or IDLE execution (with --env, the env "
                "is merged first, so later tasks read it); PAUSED pauses a RUNNING one; "
                "SUCCESS, ERROR and CANCELLED stop it in that state"
            ),
        )
        parser.add_argument(
            "-e",
            "--env",
            metavar="ENV",
            help=(
                f"{base.ENV_HELP}. The server accepts it while the execution is IDLE, "
                "PAUSED or ERROR, alone or with -s RUNNING"
            ),
        )
        parser.add_argument(
            "-d", "--description", help="new description; the server takes it only without -s"
        )
        return parser

    def take_action(self, parsed_args):
        env = read_env(parsed_args.env, stdin=self.app.stdin)

        # As in OpenStack's client, an empty -d and an empty --env are not
        # sent, so a request with neither a state would be empty.
        if not (parsed_args.state or parsed_args.description or env):
            raise InputError(
                f"Nothing to update for execution {parsed_args.id}: give -s STATE, a "
                "non-empty -d DESCRIPTION, or an --env that is not empty ({} changes nothing)."
            )

        execution = self.client.executions.update(
            parsed_args.id,
            state=parsed_args.state,
            description=parsed_args.description,
            env=env,
        )
        return _show(execution)


class Delete(base.DeleteCommand):
    """Delete workflow executions, with their tasks and sub-executions."""

    resource_name = "execution"

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("identifiers", metavar="EXECUTION", nargs="+", help="execution id(s)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="also delete executions that have not finished",
        )
        return parser

    def delete_one(self, identifier, parsed_args):
        self.client.executions.delete(identifier, force=parsed_args.force)


class GetInput(base.DocumentCommand):
    """Show the input of a workflow execution as JSON."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("id", metavar="ID", help="execution id")
        return parser

    def get_document(self, parsed_args):
        return self.client.executions.get(parsed_args.id).get("input")


class GetOutput(base.DocumentCommand):
    """Show the output of a workflow execution as JSON."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("id", metavar="ID", help="execution id")
        return parser

    def get_document(self, parsed_args):
        return self.client.executions.get(parsed_args.id).get("output")


class GetEnv(base.DocumentCommand):
    """Show the env of a workflow execution as JSON, after every merge so far."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            "id",
            metavar="ID",
            help=(
                "execution id; a sub-workflow execution has an empty env, because every "
                "task of the tree reads the env of the root execution"
            ),
        )
        return parser

    def get_document(self, parsed_args):
        params = self.client.executions.get(parsed_args.id).get("params")
        env = params.get("env") if isinstance(params, dict) else None
        return env if env is not None else {}
