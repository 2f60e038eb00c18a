"""--help of mistral and of every command: formats, units and states explained."""

import pytest

from mistralclient_env.shell import COMMANDS

ENV_COMMANDS = ["execution-update", "task-rerun", "execution-create"]
DISPLAY_COMMANDS = [
    name for name in COMMANDS
    if name not in {"execution-delete", "workflow-delete", "environment-delete", "workflow-get-definition"}
    and "-get-" not in name
]


def test_main_help_lists_every_command(run_subprocess):
    result = run_subprocess(["--help"])

    assert result.code == 0
    for name in COMMANDS:
        assert f"\n  {name} " in result.stdout


def test_main_help_in_process(run_in_process):
    result = run_in_process(["--help"])

    assert result.code == 0
    assert "  task-rerun               Rerun a task execution in ERROR" in result.stdout


def test_help_command_without_argument(run_in_process):
    result = run_in_process(["help"])

    assert result.code == 0
    assert "execution-update" in result.stdout


def test_version(run_subprocess):
    result = run_subprocess(["--version"])

    assert result.code == 0
    assert result.stdout.strip().endswith("0.1.0")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name, run_in_process):
    result = run_in_process([name, "--help"])

    assert result.code == 0
    assert result.stdout.startswith(f"usage: mistral {name}")


def test_help_through_help_command(run_in_process):
    result = run_in_process(["help", "task-rerun"])

    assert result.stdout.startswith("usage: mistral task-rerun")


@pytest.mark.parametrize("name", ENV_COMMANDS)
def test_env_help_explains_forms(name, run_in_process):
    text = " ".join(run_in_process([name, "--help"]).stdout.split())

    assert "JSON or YAML text" in text
    assert "- to read it from standard input" in text
    assert "must be a mapping" in text
    assert "deep-merged" in text


def test_rerun_help_explains_resume(run_in_process):
    text = " ".join(run_in_process(["task-rerun", "--help"]).stdout.split())

    assert "rerun only the iterations that failed" in text
    assert "reset: false" in text


def test_update_help_lists_states(run_in_process):
    text = " ".join(run_in_process(["execution-update", "--help"]).stdout.split())

    assert "{RUNNING,PAUSED,SUCCESS,ERROR,CANCELLED}" in text
    assert "RUNNING resumes a PAUSED or IDLE execution" in text


@pytest.mark.parametrize("name", DISPLAY_COMMANDS)
def test_display_commands_offer_every_format(name, run_in_process):
    result = run_in_process([name, "--help"])

    assert "json" in result.stdout
    assert "yaml" in result.stdout
    assert "value" in result.stdout
    assert "table" in result.stdout


def test_timeout_help_gives_unit(run_in_process):
    assert "seconds" in run_in_process(["--help"]).stdout


@pytest.mark.parametrize("name", ["execution-list", "task-list", "action-execution-list"])
def test_sort_dirs_help_gives_newest_first_default(name, run_in_process):
    text = " ".join(run_in_process([name, "--help"]).stdout.split())

    assert "(default: desc for the default list, sorted by created_at without --marker or --oldest" in text
    assert "(default: asc)" not in text


@pytest.mark.parametrize("name", ["workflow-list", "environment-list"])
def test_sort_dirs_help_of_other_lists(name, run_in_process):
    text = " ".join(run_in_process([name, "--help"]).stdout.split())

    assert "one per sort key (default: asc)" in text


def test_no_command_without_terminal_is_usage_error(run_subprocess):
    result = run_subprocess([], stdin=b"")

    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("usage: mistral ")
    assert "mistral: error: a command is required" in result.stderr
    assert "\n  task-rerun " in result.stderr


def test_no_command_in_process(run_in_process):
    result = run_in_process([])

    assert result.code == 2
    assert "a command is required" in result.stderr


def test_only_global_options_is_usage_error(run_in_process):
    result = run_in_process(["--os-mistral-url", "http://127.0.0.1:9/v2", "--debug"])

    assert result.code == 2
    assert "a command is required" in result.stderr


def test_help_without_terminal_still_prints_help(run_subprocess):
    result = run_subprocess(["--help"], stdin=b"")

    assert result.code == 0
    assert "a command is required" not in result.stderr
