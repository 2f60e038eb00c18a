"""Responses outside 2xx, bodies that are not JSON, and requests that get no response."""

import socket
import threading

import pytest
import requests
from support.recording_api import EXECUTION_ID, MOCKED_API_URL as API_URL, execution_resource

from mistralclient_env import exceptions
from mistralclient_env.api.client import create_client

EXECUTION_URL = f"{API_URL}/executions/{EXECUTION_ID}"


def fault(message, faultcode="Client"):
    return {"faultcode": faultcode, "faultstring": message, "debuginfo": None}


@pytest.mark.parametrize(
    "status, error_class",
    [
        (400, exceptions.BadRequest),
        (401, exceptions.Unauthorized),
        (403, exceptions.Forbidden),
        (404, exceptions.NotFound),
        (409, exceptions.Conflict),
        (418, exceptions.APIError),
        (500, exceptions.ServerError),
        (503, exceptions.ServerError),
    ],
)
def test_status_picks_error_class(client, requests_mock, status, error_class):
    requests_mock.get(EXECUTION_URL, status_code=status, json=fault("rejected"))

    with pytest.raises(error_class) as caught:
        client.executions.get(EXECUTION_ID)

    assert type(caught.value) is error_class


def test_error_carries_status_method_url_and_faultstring(client, requests_mock):
    requests_mock.put(EXECUTION_URL, status_code=403, json=fault("Execution is RUNNING"))

    with pytest.raises(exceptions.Forbidden) as caught:
        client.executions.update(EXECUTION_ID, env={"a": 1})

    error = caught.value
    assert error.status == 403
    assert error.method == "PUT"
    assert error.url == EXECUTION_URL
    assert error.message == "Execution is RUNNING"
    assert error.faultcode == "Client"


def test_error_text_contains_faultstring_and_status(client, requests_mock):
    requests_mock.get(EXECUTION_URL, status_code=404, json=fault(f"Execution not found [id={EXECUTION_ID}]"))

    with pytest.raises(exceptions.NotFound) as caught:
        client.executions.get(EXECUTION_ID)

    assert str(caught.value) == (
        f"Execution not found [id={EXECUTION_ID}] (HTTP 404 from GET {EXECUTION_URL})"
    )


def test_server_error_message_header_comes_first(client, requests_mock):
    requests_mock.get(
        EXECUTION_URL,
        status_code=400,
        headers={"Server-Error-Message": "from header"},
        json=fault("from body"),
    )

    with pytest.raises(exceptions.BadRequest) as caught:
        client.executions.get(EXECUTION_ID)

    assert caught.value.message == "from header"


def test_reason_phrase_and_text_when_body_is_not_json(client, requests_mock):
    requests_mock.get(EXECUTION_URL, status_code=502, reason="Bad Gateway", text="upstream reset\n")

    with pytest.raises(exceptions.ServerError) as caught:
        client.executions.get(EXECUTION_ID)

    assert caught.value.message == "Bad Gateway: upstream reset"


def test_body_line_when_json_has_no_faultstring(client, requests_mock):
    requests_mock.get(EXECUTION_URL, status_code=400, reason="Bad Request", json={"error": "x"})

    with pytest.raises(exceptions.BadRequest) as caught:
        client.executions.get(EXECUTION_ID)

    assert caught.value.message == 'Bad Request: {"error": "x"}'
    assert caught.value.hint is None


PROXY_PAGE = """<!DOCTYPE html>
<html>
  <head>
    <title>Error response</title>
  </head>
  <body>
    <h1>Error response</h1>
    <p>Error code: 501</p>
    <p>Message: Unsupported method ('PUT').</p>
    <p>Error code explanation: HTTPStatus.NOT_IMPLEMENTED - Server does not support this operation.</p>
  </body>
</html>
"""


def test_html_page_summarized_by_title(client, requests_mock):
    requests_mock.get(
        EXECUTION_URL,
        status_code=501,
        reason="Not Implemented",
        text=PROXY_PAGE,
        headers={"Content-Type": "text/html;charset=utf-8"},
    )

    with pytest.raises(exceptions.ServerError) as caught:
        client.executions.get(EXECUTION_ID)

    text = str(caught.value)
    assert caught.value.message == "Not Implemented: Error response"
    assert "<" not in text
    assert "\n" not in text
    assert text.endswith(
        "The response is an HTML page, not a Mistral API error, so the URL may not be a "
        "Mistral API: check --os-mistral-url (or OS_MISTRAL_URL), such as http://localhost:8989/v2."
    )


def test_html_page_without_title_gives_first_text(client, requests_mock):
    requests_mock.get(EXECUTION_URL, status_code=502, reason="Bad Gateway", text="<html><body>upstream down</body></html>")

    with pytest.raises(exceptions.ServerError) as caught:
        client.executions.get(EXECUTION_ID)

    assert caught.value.message == "Bad Gateway: upstream down"


def test_long_text_body_cut_to_one_short_line(client, requests_mock):
    body = "x" * 1000 + "\nsecond line\n"
    requests_mock.get(EXECUTION_URL, status_code=404, reason="Not Found", text=body)

    with pytest.raises(exceptions.NotFound) as caught:
        client.executions.get(EXECUTION_ID)

    assert caught.value.message == "Not Found: " + "x" * 197 + "..."
    assert "The response is plain text, not a Mistral API error" in str(caught.value)


def test_openstack_error_json_gives_its_message(client, requests_mock):
    body = {"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}
    requests_mock.get(EXECUTION_URL, status_code=401, reason="Unauthorized", json=body)

    with pytest.raises(exceptions.Unauthorized) as caught:
        client.executions.get(EXECUTION_ID)

    assert caught.value.message == "Unauthorized: The request you have made requires authentication."
    assert caught.value.hint is None


def test_mistral_error_gets_no_hint(client, requests_mock):
    requests_mock.get(EXECUTION_URL, status_code=404, json=fault("Execution not found"))

    with pytest.raises(exceptions.NotFound) as caught:
        client.executions.get(EXECUTION_ID)

    assert caught.value.hint is None
    assert str(caught.value).endswith(f"(HTTP 404 from GET {EXECUTION_URL})")


def test_reason_phrase_when_body_is_empty(client, requests_mock):
    requests_mock.get(EXECUTION_URL, status_code=404, reason="Not Found", text="")

    with pytest.raises(exceptions.NotFound) as caught:
        client.executions.get(EXECUTION_ID)

    assert caught.value.message == "Not Found"


def test_every_api_error_is_a_client_error():
    assert issubclass(exceptions.NotFound, exceptions.MistralClientError)


def test_success_body_that_is_not_json(client, requests_mock):
    requests_mock.get(EXECUTION_URL, text="<html>proxy login</html>", headers={"Content-Type": "text/html"})

    with pytest.raises(exceptions.InvalidResponse) as caught:
        client.executions.get(EXECUTION_ID)

    assert "text/html" in str(caught.value)
    assert "check --os-mistral-url" in str(caught.value)


def test_dns_failure_names_url_and_cause(client, requests_mock):
    error = requests.exceptions.ConnectionError("HTTPConnectionPool: Max retries exceeded")
    error.__cause__ = socket.gaierror(-2, "Name or service not known")
    requests_mock.get(EXECUTION_URL, exc=error)

    with pytest.raises(exceptions.ConnectionFailed) as caught:
        client.executions.get(EXECUTION_ID)

    assert caught.value.url == EXECUTION_URL
    assert "Name or service not known" in str(caught.value)


def test_tls_failure(client, requests_mock):
    requests_mock.get(EXECUTION_URL, exc=requests.exceptions.SSLError("certificate verify failed"))

    with pytest.raises(exceptions.TLSError) as caught:
        client.executions.get(EXECUTION_ID)

    assert "--os-cacert" in str(caught.value)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_connection_refused_names_url():
    url = f"http://127.0.0.1:{free_port()}/v2"
    client = create_client(mistral_url=url)

    with pytest.raises(exceptions.ConnectionFailed) as caught:
        client.executions.get(EXECUTION_ID)

    message = str(caught.value)
    assert f"{url}/executions/{EXECUTION_ID}" in message
    assert "Connection refused" in message


@pytest.fixture
def silent_server():
    """A socket on 127.0.0.1 that accepts connections and never responds."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.05)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/v2"
    stop.set()
    thread.join(timeout=2)
    for connection in accepted:
        connection.close()
    listener.close()


def test_timeout_names_url(silent_server):
    client = create_client(mistral_url=silent_server, timeout=0.2)

    with pytest.raises(exceptions.RequestTimedOut) as caught:
        client.executions.get(EXECUTION_ID)

    assert caught.value.url == f"{silent_server}/executions/{EXECUTION_ID}"
    assert "--timeout" in str(caught.value)


def test_timeout_message_says_how_long_once(silent_server):
    client = create_client(mistral_url=silent_server, timeout=0.2)

    with pytest.raises(exceptions.RequestTimedOut) as caught:
        client.executions.get(EXECUTION_ID)

    assert str(caught.value) == (
        f"GET {silent_server}/executions/{EXECUTION_ID} timed out: no response within "
        "0.2 seconds. Raise --timeout if the server is slow."
    )


def test_timeout_of_one_second_worded(requests_mock):
    requests_mock.get(EXECUTION_URL, exc=requests.exceptions.ReadTimeout("timed out"))
    client = create_client(mistral_url=API_URL, timeout=1)

    with pytest.raises(exceptions.RequestTimedOut) as caught:
        client.executions.get(EXECUTION_ID)

    assert "timed out: no response within 1 second." in str(caught.value)


def test_password_without_auth_url_rejected():
    with pytest.raises(exceptions.ConfigurationError, match="--os-auth-url"):
        create_client(username="admin", password="secret")


def test_default_url_is_local_mistral(requests_mock):
    requests_mock.get(f"http://localhost:8989/v2/executions/{EXECUTION_ID}", json=execution_resource())

    create_client().executions.get(EXECUTION_ID)

    assert requests_mock.call_count == 1
