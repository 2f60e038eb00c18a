"""Request bodies over --max-body-size get 413 with Mistral's error body, before the body is read."""

import json
import socket
import subprocess

import pytest

from support.servers import server_command, start_server

MAX_BODY_SIZE = 4096


@pytest.fixture(scope="module")
def small_server(tmp_path_factory):
    running = start_server(tmp_path_factory.mktemp("small"), extra_args=["--max-body-size", str(MAX_BODY_SIZE)])
    yield running
    running.stop()


def env_update_body(size):
    """Return a JSON body of exactly ``size`` bytes for PUT /v2/executions/{id}."""
    frame = '{"params": {"env": {"k": ""}}}'
    return frame.replace('""', '"' + "y" * (size - len(frame)) + '"').encode("ascii")


def raw_request(server, head, body=b""):
    """Send raw HTTP bytes to the server and return its answer's status and JSON body."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(head + body)
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) < _content_length(answer):
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk

    status_line, rest = answer.split(b"\r\n", 1)
    return int(status_line.split()[1]), json.loads(rest.split(b"\r\n\r\n", 1)[1])


def _content_length(answer):
    for line in answer.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 0


def put_head(path, length=None, chunked=False):
    lines = [f"PUT /v2{path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def test_body_over_the_default_limit_is_413(api):
    body = env_update_body(1024 * 1024 + 1)

    response = api.request("PUT", "/executions/00000000-0000-4000-8000-000000000002", data=body,
                           headers={"Content-Type": "application/json"})

    assert response.status_code == 413
    assert response.json()["faultcode"] == "Client"
    assert "1048576 bytes" in response.json()["faultstring"]


def test_body_at_the_limit_is_read(small_server):
    response = small_server.request("PUT", "/executions/00000000-0000-4000-8000-000000000003",
                                     data=env_update_body(MAX_BODY_SIZE), headers={"Content-Type": "application/json"})

    assert response.status_code == 404


def test_body_one_byte_over_the_limit_is_413(small_server):
    response = small_server.request("PUT", "/executions/00000000-0000-4000-8000-000000000003",
                                    data=env_update_body(MAX_BODY_SIZE + 1), headers={"Content-Type": "application/json"})

    assert response.status_code == 413
    assert response.json() == {
        "faultcode": "Client",
        "faultstring": response.json()["faultstring"],
        "debuginfo": None,
    }
    assert f"has {MAX_BODY_SIZE + 1} bytes" in response.json()["faultstring"]
    assert "--max-body-size" in response.json()["faultstring"]


def test_declared_huge_body_is_answered_without_being_sent(small_server):
    status, body = raw_request(small_server, put_head("/executions/x", length=10 * 1024 ** 3))

    assert status == 413
    assert body["faultcode"] == "Client"


def test_chunked_body_over_the_limit_is_413(small_server):
    data = env_update_body(MAX_BODY_SIZE * 2)
    chunk = f"{len(data):x}\r\n".encode("ascii") + data + b"\r\n0\r\n\r\n"

    status, body = raw_request(small_server, put_head("/executions/x", chunked=True), chunk)

    assert status == 413
    assert "more than" in body["faultstring"]


def test_invalid_content_length_is_400_in_mistral_format(small_server):
    status, body = raw_request(small_server, put_head("/executions/x", length="12abc"), b"{}")

    assert status == 400
    assert body["faultcode"] == "Client"
    assert "Content-Length" in body["faultstring"]


def test_put_without_body_is_400(small_server):
    status, body = raw_request(small_server, put_head("/executions/x", length=0))

    assert status == 400
    assert "empty" in body["faultstring"]


def test_help_states_the_unit():
    help_text = subprocess.run(server_command() + ["--help"], capture_output=True, text=True, check=True).stdout

    assert "--max-body-size BYTES" in help_text
    assert "in bytes" in help_text


def test_limit_below_one_byte_is_a_usage_error():
    result = subprocess.run(server_command() + ["--max-body-size", "0"], capture_output=True, text=True)

    assert result.returncode == 2
    assert "--max-body-size" in result.stderr


def test_app_checks_the_limit_under_any_wsgi_server():
    from falcon import testing

    from mistralclient_env.server.app import create_app

    client = testing.TestClient(create_app(engine=None, max_body_size=100))

    result = client.simulate_put("/v2/executions/x", body=b"{" + b" " * 200 + b"}",
                                 headers={"Content-Type": "application/json"})

    assert result.status_code == 413
    assert result.json["faultcode"] == "Client"
    assert "100 bytes" in result.json["faultstring"]
