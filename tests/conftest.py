"""Fixtures shared by the whole suite."""

import pytest

from support.http_service import LocalService
from support.servers import start_server


@pytest.fixture
def server(tmp_path):
    """A ``mistral-env-server`` on 127.0.0.1 with a SQLite file in ``tmp_path``, stopped at teardown."""
    running = start_server(tmp_path / "server")
    yield running
    running.stop()


@pytest.fixture
def local_service():
    """A local HTTP service that responds only to its current token at its current address."""
    service = LocalService().start()
    yield service
    service.stop()
