"""Clients over requests-mock for the REST library's unit tests."""

import pytest

from mistralclient_env.api.client import Client
from mistralclient_env.api.http import HTTPClient, RequestsTransport
from support.recording_api import MOCKED_API_URL as API_URL


@pytest.fixture
def client():
    return Client(HTTPClient(RequestsTransport(API_URL)))


@pytest.fixture
def token_client():
    return Client(HTTPClient(RequestsTransport(API_URL, token="tok-123")))
