"""One server per test module: the API tests of a module share it and never stop it midway."""

import pytest

from support.servers import start_server


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    running = start_server(tmp_path_factory.mktemp("server"))
    yield running
    running.stop()
