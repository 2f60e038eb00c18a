"""No env value reaches the server's log, at any level.

This test runs after every other env test (see conftest), on the same server,
which logs at DEBUG: the canary and the canary token were in the env of
every execution those tests started, updated, resumed and reran.
"""


def test_env_values_never_logged(env_server, canary, canary_token):
    log = env_server.log_text()

    assert "DEBUG" in log
    assert "Rerunning task" in log
    assert canary not in log
    assert canary_token not in log
