"""At --log-level DEBUG, no env value that std.http sends reaches the server's log.

The canaries travel in a std.http URL query string, in a header and in a
JSON body. urllib3 logs each request line with its query string at DEBUG;
the server keeps library loggers at WARNING, so the whole log stays clean.
"""

import secrets
import subprocess

import pytest

from support.servers import server_command, start_server

QUERY_CANARY = "canary-query-" + secrets.token_hex(8)
HEADER_CANARY = "canary-header-" + secrets.token_hex(8)
BODY_CANARY = "canary-body-" + secrets.token_hex(8)

DOCUMENT = """
version: '2.0'
leaky_wf:
  tasks:
    query:
      action: std.http
      input:
        url: <% env().endpoint %>/data?api_key=<% env().query_key %>
        headers:
          X-Auth-Token: <% env().token %>
          X-Api-Key: <% env().header_key %>
        timeout: 5
      on-success: [post]
    post:
      action: std.http
      input:
        url: <% env().endpoint %>/echo
        method: POST
        headers:
          X-Auth-Token: <% env().token %>
        json:
          secret: <% env().body_key %>
        timeout: 5
"""


@pytest.fixture
def debug_server(tmp_path):
    running = start_server(tmp_path / "server", log_level="DEBUG")
    yield running
    running.stop()


def test_std_http_secrets_never_logged_at_debug(debug_server, local_service):
    debug_server.upload_workflow(DOCUMENT)
    env = {
        "endpoint": local_service.url,
        "token": local_service.token,
        "query_key": QUERY_CANARY,
        "header_key": HEADER_CANARY,
        "body_key": BODY_CANARY,
    }

    execution = debug_server.start_execution("leaky_wf", env=env)
    finished = debug_server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")
    debug_server.stop()
    log = debug_server.log_text()

    assert finished["state"] == "SUCCESS"
    assert local_service.count("/data", valid=True) == 1
    assert " DEBUG mistralclient_env." in log
    assert QUERY_CANARY not in log
    assert HEADER_CANARY not in log
    assert BODY_CANARY not in log
    assert local_service.token not in log


def test_library_loggers_stay_quiet_at_debug(debug_server, local_service):
    debug_server.upload_workflow(DOCUMENT)
    env = {"endpoint": local_service.url, "token": local_service.token, "query_key": "q", "header_key": "h",
           "body_key": "b"}

    execution = debug_server.start_execution("leaky_wf", env=env)
    debug_server.wait_for_execution(execution["id"], "SUCCESS", "ERROR")
    debug_server.stop()
    log = debug_server.log_text()

    for library in ("urllib3", "requests", "sqlalchemy", "waitress", "charset_normalizer"):
        assert f" DEBUG {library}" not in log
        assert f" INFO {library}" not in log


def test_help_says_libraries_log_at_warning():
    help_text = subprocess.run(server_command() + ["--help"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(help_text.split())

    assert "urllib3" in flat
    assert "WARNING or above whatever this level is" in flat
