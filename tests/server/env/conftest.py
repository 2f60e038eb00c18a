"""One server, one local HTTP service and one set of workflows for the env update tests.

Every env these tests send contains ``CANARY``, and the service's token is
``CANARY_TOKEN`` wherever a test gives the workflow the right token. The test
that searches the server's whole DEBUG log for them runs last.
"""

import secrets

import pytest

from support.http_service import LocalService
from support.servers import free_port, start_server

CANARY = "canary-" + secrets.token_hex(12)
CANARY_TOKEN = "canary-token-" + secrets.token_hex(12)

HTTP_FETCH = """
      action: std.http
      input:
        url: <% env().endpoint %>/data
        headers:
          X-Auth-Token: <% env().token %>
        timeout: 5
      publish:
        items: <% task().result.content.items %>
"""

DOCUMENT = f"""
version: '2.0'
outage_wf:
  tasks:
    prepare:
      action: std.echo output=prepared
      publish:
        prepared: <% task().result %>
      on-success: [fetch]
    fetch:{HTTP_FETCH}
      on-success: [report]
    report:
      action: std.echo output=<% $.items %>
  output:
    report: <% task(report).result %>
maintenance_wf:
  tasks:
    prepare:
      action: std.echo output=prepared
      on-success: [fetch]
    fetch:
      pause-before: true{HTTP_FETCH}
      on-success: [report]
    report:
      action: std.echo output=<% $.items %>
maintenance_plain_wf:
  tasks:
    prepare:
      action: std.sleep seconds=1
      on-success: [fetch]
    fetch:{HTTP_FETCH}
      on-success: [report]
    report:
      action: std.echo output=<% $.items %>
hosts_wf:
  tasks:
    each:
      with-items: name in ["a", "b", "c", "d"]
      concurrency: 2
      action: std.http
      input:
        url: <% env().endpoint %>/<% env().routes.get($.name) %>
        headers:
          X-Auth-Token: <% env().token %>
        timeout: 5
      on-success: [after]
    after:
      action: std.echo output=after
failing_wf:
  tasks:
    broken:
      action: std.fail
      on-success: [after]
    after:
      action: std.echo output=after
parent_wf:
  tasks:
    call:
      workflow: child_fetch_wf
      on-success: [done]
    done:
      action: std.echo output=done
child_fetch_wf:
  tasks:
    fetch:{HTTP_FETCH}
  output:
    items: <% $.items %>
branch_wf:
  tasks:
    broken:
      action: std.fail
    slow:
      action: std.sleep seconds=30
paused_fail_wf:
  tasks:
    fetch:{HTTP_FETCH}
    slow:
      action: std.sleep seconds=1
handled_wf:
  tasks:
    broken:
      action: std.fail
      on-error: [cleanup]
    cleanup:
      action: std.noop
sleeper_wf:
  tasks:
    nap:
      action: std.sleep seconds=30
slow_rerun_wf:
  tasks:
    nap:
      action: std.sleep seconds=<% env().nap %>
quick_wf:
  tasks:
    one:
      action: std.noop
"""


def pytest_collection_modifyitems(config, items):
    # The log search must see the log of every other env test.
    items.sort(key=lambda item: "test_env_values_never_logged" in item.nodeid)


@pytest.fixture(scope="session")
def service():
    running = LocalService().start()
    running.token = CANARY_TOKEN
    yield running
    running.stop()


@pytest.fixture(scope="session")
def env_server(tmp_path_factory):
    running = start_server(tmp_path_factory.mktemp("env-server"), workers=8)
    try:
        running.upload_workflow(DOCUMENT)
        yield running
    finally:
        running.stop()


@pytest.fixture
def stale_env():
    """An env whose endpoint refuses connections and whose token is wrong."""
    return {"endpoint": f"http://127.0.0.1:{free_port()}", "token": "stale-token", "canary": CANARY}


@pytest.fixture
def good_env(service):
    return {"endpoint": service.url, "token": CANARY_TOKEN}


@pytest.fixture(scope="session")
def canary():
    """The value that every env of these tests contains and that no log line may show."""
    return CANARY


@pytest.fixture(scope="session")
def canary_token():
    """The service's valid token, also a value no log line may show."""
    return CANARY_TOKEN
