"""Options of mistral-env-server that are checked before anything starts."""

import subprocess

from support.servers import server_command


def test_invalid_database_url_is_a_usage_error():
    result = subprocess.run(server_command() + ["--port", "0", "--db", "not-a-url:secret-password"],
                            capture_output=True, text=True, timeout=30)

    assert result.returncode == 2
    assert "--db is not a valid database URL" in result.stderr
    assert "secret-password" not in result.stderr
