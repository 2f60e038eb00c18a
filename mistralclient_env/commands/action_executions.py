"""Commands on action executions: action-execution-list."""

from mistralclient_env.commands import base, columns


class List(base.ListCommand):
    """List action executions, of all tasks or of one (the newest 100 by default, shown oldest first)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            "task_execution",
            metavar="TASK_ID",
            nargs="?",
            help=(
                "list only the action executions of this task execution id; an attempt "
                "that failed before a rerun stays listed with Accepted False"
            ),
        )
        base.add_list_options(parser, default_limit=base.DEFAULT_LIST_LIMIT, newest_first=True)
        base.add_oldest_option(parser)
        return parser

    def take_action(self, parsed_args):
        sort_dirs, reverse = base.newest_first_query(parsed_args)

        # NOTE: no `fields` is sent, because OpenStack's client turned them off
        # for this list over a Mistral defect, so every Mistral accepts this
        # request. The items then carry each action's input, which may
        # contain env values and is never printed.
        action_executions = self.client.action_executions.list(
            parsed_args.task_execution,
            **base.list_query(parsed_args, sort_dirs),
        )

        rows = [columns.action_execution_list_row(item) for item in action_executions]
        if reverse:
            rows.reverse()
        return columns.titles(columns.ACTION_EXECUTION_LIST_COLUMNS), rows
