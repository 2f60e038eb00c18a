"""Fixtures of the scenarios that drive our server with OpenStack's python-mistralclient 6.3.0.

OpenStack's ``mistral`` runs from its own virtual environment (see
support/openstack_client.py). The tests skip only when OPENSTACK_MISTRAL is
unset and .venv-osc is absent outside CI; `make test` always provides it,
and under CI (``CI`` set) a missing client is an error.
"""

import os
import pathlib

import pytest

from support.http_service import LocalService
from support.openstack_client import (
    EXPECTED_VERSION,
    OPENSTACK_MISTRAL_VARIABLE,
    OpenStackClientNotFound,
    OUR_EXECUTABLE,
    MistralCommand,
    find_openstack_mistral,
)
from support.servers import start_server

WORKFLOWS_FILE = pathlib.Path(__file__).with_name("workflows.yaml")


@pytest.fixture(scope="session")
def openstack_mistral_path():
    """The path of OpenStack's ``mistral`` 6.3.0."""
    try:
        path = find_openstack_mistral()
    except OpenStackClientNotFound as error:
        pytest.fail(str(error))

    if path is None:
        reason = (
            f"OpenStack's mistral is not installed: {OPENSTACK_MISTRAL_VARIABLE} is unset and "
            f".venv-osc is absent. `make test` installs python-mistralclient=={EXPECTED_VERSION} "
            "into .venv-osc."
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)

    version = MistralCommand(path, "http://127.0.0.1:9/v2").version()
    if version != EXPECTED_VERSION:
        pytest.fail(f"{path} is python-mistralclient {version}, these tests need {EXPECTED_VERSION}.")

    return path


@pytest.fixture
def openstack_mistral(openstack_mistral_path, server, tmp_path):
    """OpenStack's ``mistral`` pointed at this test's own server."""
    return MistralCommand(openstack_mistral_path, server.url, cwd=tmp_path)


@pytest.fixture
def our_mistral(server, tmp_path):
    """Our own ``mistral`` pointed at this test's own server."""
    return MistralCommand(OUR_EXECUTABLE, server.url, cwd=tmp_path)


@pytest.fixture(scope="module")
def module_service():
    """A local HTTP service shared by the tests of one module."""
    service = LocalService().start()
    yield service
    service.stop()


@pytest.fixture(scope="module")
def module_server(tmp_path_factory):
    """A server shared by the tests of one module."""
    running = start_server(tmp_path_factory.mktemp("compat-server"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def module_openstack_mistral(openstack_mistral_path, module_server, tmp_path_factory):
    """OpenStack's ``mistral`` pointed at the module's server."""
    return MistralCommand(openstack_mistral_path, module_server.url, cwd=tmp_path_factory.mktemp("osc"))



@pytest.fixture(scope="session")
def workflows_file():
    """The YAML file with outage_wf and maintenance_wf, as an operator uploads it."""
    return WORKFLOWS_FILE
