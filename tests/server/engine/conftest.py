"""A server per test module for the engine scenarios that run workflows."""

import pytest

from support.servers import start_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = start_server(tmp_path_factory.mktemp("engine-server"))
    yield running
    running.stop()
