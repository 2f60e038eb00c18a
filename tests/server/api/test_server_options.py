"""Options of mistral-env-server that are checked before anything starts."""

import stat
import subprocess

from mistralclient_env.server import cli
from support.servers import server_command


def test_invalid_database_url_is_a_usage_error():
    result = subprocess.run(server_command() + ["--port", "0", "--db", "not-a-url:secret-password"],
                            capture_output=True, text=True, timeout=30)

    assert result.returncode == 2
    assert "--db is not a valid database URL" in result.stderr
    assert "secret-password" not in result.stderr


def test_missing_server_extra_is_named(monkeypatch, capsys):
    monkeypatch.setattr(cli, "SERVER_EXTRA_MODULES", ("falcon", "no_such_module_for_this_test"))

    exit_code = cli.main(["--port", "0"])

    assert exit_code == 1
    error = capsys.readouterr().err
    assert "no_such_module_for_this_test" in error
    assert "falcon" not in error.split("extra:")[1]
    assert "pip install 'mistralclient-env[server]'" in error


def test_database_files_are_private(server):
    database_files = list(server.directory.glob("server.db*"))

    assert database_files
    for path in server.directory.glob("server.db*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
