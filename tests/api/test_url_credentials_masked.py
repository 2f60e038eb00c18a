"""Credentials in the API URL never appear in an error message or a debug line.

``--os-mistral-url http://user:PASS@host/v2`` and tokens in the query
(``?token=``) are masked wherever a URL is shown; the request itself still
carries them.
"""

import logging
import socket

import pytest
from support.recording_api import EXECUTION_ID, RecordingAPI, execution_resource

from mistralclient_env import exceptions
from mistralclient_env.api import redaction
from mistralclient_env.api.client import create_client

PASSWORD = "pa55-CANARY"
TOKEN = "tok-CANARY"


@pytest.mark.parametrize(
    "url, shown",
    [
        (f"http://admin:{PASSWORD}@h:8989/v2", "http://admin:***@h:8989/v2"),
        (f"https://admin:{PASSWORD}@h/v2/executions?limit=1", "https://admin:***@h/v2/executions?limit=1"),
        (f"http://{TOKEN}@h/v2", "http://***@h/v2"),
        (f"http://h/v2?token={TOKEN}", "http://h/v2?token=***"),
        (f"http://h/v2?a=1&api_key={TOKEN}&b=2", "http://h/v2?a=1&api_key=***&b=2"),
        (f"http://h/v2?X-Amz-Signature={TOKEN}", "http://h/v2?X-Amz-Signature=***"),
        (f"http://h/v2?password={PASSWORD}#top", "http://h/v2?password=***#top"),
        ("http://h/v2/executions?sort_keys=created_at&marker=x", "http://h/v2/executions?sort_keys=created_at&marker=x"),
        ("http://h:8989/v2", "http://h:8989/v2"),
    ],
)
def test_mask_url(url, shown):
    assert redaction.mask_url(url) == shown


def test_mask_url_inside_message():
    message = f"Max retries exceeded with url: /v2/x?auth_token={TOKEN} (http://u:{PASSWORD}@h/v2)"

    masked = redaction.mask_url(message)

    assert TOKEN not in masked
    assert PASSWORD not in masked
    assert "auth_token=***" in masked
    assert "http://u:***@h/v2" in masked


@pytest.fixture
def api():
    with RecordingAPI() as recording_api:
        yield recording_api


def with_credentials(url):
    return url.replace("http://", f"http://ops:{PASSWORD}@")


def test_api_error_masks_url(api):
    api.respond_error(404, f"Execution not found [id={EXECUTION_ID}]")
    client = create_client(mistral_url=with_credentials(api.url))

    with pytest.raises(exceptions.NotFound) as caught:
        client.executions.get(EXECUTION_ID)

    assert PASSWORD not in str(caught.value)
    assert PASSWORD not in caught.value.url
    assert "http://ops:***@127.0.0.1:" in str(caught.value)


def test_request_still_carries_credentials(api):
    api.respond(200, execution_resource())
    client = create_client(mistral_url=with_credentials(api.url))

    client.executions.get(EXECUTION_ID)

    assert api.last_request.headers["Authorization"].startswith("Basic ")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_connection_error_masks_url():
    client = create_client(mistral_url=f"http://ops:{PASSWORD}@127.0.0.1:{free_port()}/v2")

    with pytest.raises(exceptions.ConnectionFailed) as caught:
        client.executions.list(filters={"token": TOKEN})

    assert PASSWORD not in str(caught.value)
    assert TOKEN not in str(caught.value)
    assert "Connection refused" in str(caught.value)


def test_debug_lines_mask_url(api, caplog):
    caplog.set_level(logging.DEBUG, logger="mistralclient_env")
    api.respond(200, {"executions": []})
    client = create_client(mistral_url=with_credentials(api.url))

    client.executions.list(filters={"api_key": TOKEN})

    text = "\n".join(record.getMessage() for record in caplog.records)
    assert PASSWORD not in text
    assert TOKEN not in text
    assert "api_key=***" in text
    assert api.last_request.query == [("api_key", TOKEN)]


def test_keystone_configuration_error_masks_url():
    with pytest.raises(exceptions.ConfigurationError) as caught:
        create_client(auth_url=f"http://admin:{PASSWORD}@keystone.test:5000/v3")

    assert PASSWORD not in str(caught.value)
