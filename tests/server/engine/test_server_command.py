"""The mistral-env-server command line: options, defaults and the start line."""

import subprocess
import sys

import pytest

from mistralclient_env.server import cli
from mistralclient_env.server.db.session import mask_url


def test_help_explains_options_and_defaults():
    result = subprocess.run([sys.executable, "-m", "mistralclient_env.server.cli", "--help"],
                            capture_output=True, text=True, timeout=30)

    assert result.returncode == 0
    for text in ("--host", "--port", "--db", "--workers", "--log-level", "8989", "127.0.0.1", "XDG_STATE_HOME"):
        assert text in result.stdout


def test_default_database_is_under_xdg_state_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))

    assert cli.default_db_url() == f"sqlite:///{tmp_path}/mistral-env-server/server.db"


def test_default_database_falls_back_to_local_state(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))

    assert cli.default_db_url() == f"sqlite:///{tmp_path}/.local/state/mistral-env-server/server.db"


def test_password_is_masked_in_database_url():
    masked = mask_url("postgresql://mistral:hunter2@db.example/mistral")

    assert "hunter2" not in masked
    assert masked == "postgresql://mistral:***@db.example/mistral"


@pytest.mark.parametrize("argv", [["--workers", "0"], ["--port", "70000"], ["--log-level", "LOUD"]])
def test_invalid_option_exits_2(argv):
    with pytest.raises(SystemExit) as raised:
        cli.main(argv)

    assert raised.value.code == 2


def test_start_line_names_address_and_database(server):
    log = server.log_text()

    assert f"listening on http://127.0.0.1:{server.port}/v2" in log
    assert f"database {server.db_url}" in log
