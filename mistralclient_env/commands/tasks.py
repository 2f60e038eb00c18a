"""Commands on task executions: task-list, task-get, task-rerun..."""

from mistralclient_env.commands import base, columns
from mistralclient_env.env_input import read_env


def _show(task):
    return columns.titles(columns.TASK_COLUMNS), columns.task_row(task)


class List(base.ListCommand):
    """List task executions, of all executions or of one (the newest 100 by default, shown oldest first)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            "workflow_execution",
            metavar="WORKFLOW_EXECUTION",
            nargs="?",
            help="list only the tasks of this workflow execution id",
        )
        base.add_list_options(parser, default_limit=base.DEFAULT_LIST_LIMIT, newest_first=True)
        base.add_oldest_option(parser)
        return parser

    def take_action(self, parsed_args):
        sort_dirs, reverse = base.newest_first_query(parsed_args)

        tasks = self.client.tasks.list(
            parsed_args.workflow_execution,
            fields=columns.fields(columns.TASK_COLUMNS),
            **base.list_query(parsed_args, sort_dirs),
        )

        rows = [columns.task_row(task, listing=True) for task in tasks]
        if reverse:
            rows.reverse()
        return columns.titles(columns.TASK_COLUMNS), rows


class Get(base.ShowCommand):
    """Show one task execution."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("task", metavar="TASK", help="task execution id")
        return parser

    def take_action(self, parsed_args):
        return _show(self.client.tasks.get(parsed_args.task))


class GetResult(base.DocumentCommand):
    """Show the result of a task execution as JSON."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("id", metavar="ID", help="task execution id")
        return parser

    def get_document(self, parsed_args):
        return self.client.tasks.get(parsed_args.id).get("result")


class GetPublished(base.DocumentCommand):
    """Show the variables a task execution published, as JSON."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("id", metavar="ID", help="task execution id")
        return parser

    def get_document(self, parsed_args):
        return self.client.tasks.get(parsed_args.id).get("published")


class Rerun(base.ShowCommand):
    """Rerun a task execution in ERROR, optionally with a changed env."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("id", metavar="ID", help="task execution id; the task must be in ERROR")
        parser.add_argument(
            "--resume",
            action="store_true",
            help=(
                "for a with-items task, rerun only the iterations that failed or did not "
                "start (sends reset: false); without it the whole task is rerun"
            ),
        )
        parser.add_argument(
            "-e",
            "--env",
            metavar="ENV",
            help=(
                f"{base.ENV_HELP}. It is merged before the task restarts, so the rerun and "
                "every later task read the new values"
            ),
        )
        return parser

    def take_action(self, parsed_args):
        env = read_env(parsed_args.env, stdin=self.app.stdin)

        task = self.client.tasks.rerun(parsed_args.id, reset=not parsed_args.resume, env=env)
        return _show(task)
