"""std.http against a real HTTP server on 127.0.0.1."""

import base64

import pytest

from mistralclient_env.server.actions import ActionError, run_action
from mistralclient_env.server.actions import http as http_action


def test_get_decodes_json(http_server):
    result = run_action("std.http", {"url": f"{http_server.url}/json"})

    assert result["content"] == {"ok": True, "query": {}}
    assert result["status"] == 200
    assert result["headers"]["Content-Type"] == "application/json"
    assert result["url"] == f"{http_server.url}/json"
    assert result["reason"] == "OK"
    assert result["elapsed"] >= 0


def test_result_keys(http_server):
    result = run_action("std.http", {"url": f"{http_server.url}/json"})

    assert sorted(result) == ["content", "elapsed", "encoding", "headers", "reason", "status", "url"]


def test_query_params(http_server):
    result = run_action("std.http", {"url": f"{http_server.url}/json", "params": {"a": "1"}})

    assert result["content"]["query"] == {"a": "1"}


def test_text_content(http_server):
    result = run_action("std.http", {"url": f"{http_server.url}/text"})

    assert result["content"] == "plain words"
    assert result["encoding"] == "utf-8"


def test_post_json_body(http_server):
    run_action(
        "std.http",
        {"url": f"{http_server.url}/echo", "method": "post", "json": {"name": "report", "n": [1]}},
    )
    sent = http_server.requests[-1]

    assert sent["method"] == "POST"
    assert sent["body"] == '{"name": "report", "n": [1]}'
    assert sent["headers"]["Content-Type"] == "application/json"


def test_body_mapping_sent_as_json_text(http_server):
    run_action("std.http", {"url": f"{http_server.url}/echo", "method": "PUT", "body": {"a": 1}})

    assert http_server.requests[-1]["body"] == '{"a": 1}'


def test_body_text(http_server):
    run_action("std.http", {"url": f"{http_server.url}/echo", "method": "POST", "body": "two words"})

    assert http_server.requests[-1]["body"] == "two words"


def test_headers_sent(http_server):
    run_action(
        "std.http",
        {"url": f"{http_server.url}/echo", "headers": {"X-Auth-Token": "tok", "X-Count": 3}},
    )
    headers = http_server.requests[-1]["headers"]

    assert headers["X-Auth-Token"] == "tok"
    assert headers["X-Count"] == "3"


@pytest.mark.parametrize("auth", ["user:pa:ss", ["user", "pa:ss"]])
def test_basic_auth(http_server, auth):
    run_action("std.http", {"url": f"{http_server.url}/echo", "auth": auth})
    expected = "Basic " + base64.b64encode(b"user:pa:ss").decode("ascii")

    assert http_server.requests[-1]["headers"]["Authorization"] == expected


def test_redirect_followed_by_default(http_server):
    result = run_action("std.http", {"url": f"{http_server.url}/redirect"})

    assert result["url"] == f"{http_server.url}/json"


def test_redirect_not_followed(http_server):
    result = run_action("std.http", {"url": f"{http_server.url}/redirect", "allow_redirects": False})

    assert result["status"] == 302


@pytest.mark.parametrize("status", [400, 404, 500, 503])
def test_error_status_fails(http_server, status):
    with pytest.raises(ActionError) as caught:
        run_action("std.http", {"url": f"{http_server.url}/status/{status}"})

    assert str(caught.value).startswith(f"HTTP GET {http_server.url}/status/{status} failed with status {status}")


def test_error_status_data_is_result(http_server):
    with pytest.raises(ActionError) as caught:
        run_action("std.http", {"url": f"{http_server.url}/status/404"})

    assert caught.value.data["status"] == 404
    assert caught.value.data["content"] == {"error": "status 404"}


def test_error_message_hides_secrets(http_server):
    with pytest.raises(ActionError) as caught:
        run_action(
            "std.http",
            {
                "url": f"http://user:pw-secret@127.0.0.1:{http_server.url.rsplit(':', 1)[1]}/status/500?token=q-secret",
                "headers": {"X-Auth-Token": "h-secret"},
                "body": "b-secret",
                "method": "POST",
            },
        )
    message = str(caught.value)

    assert [word for word in ("pw-secret", "q-secret", "h-secret", "b-secret") if word in message] == []


def test_connection_refused(closed_port):
    with pytest.raises(ActionError) as caught:
        run_action("std.http", {"url": f"http://127.0.0.1:{closed_port}/x?token=abc"})

    assert str(caught.value) == f"HTTP GET http://127.0.0.1:{closed_port}/x failed: connection refused"


def test_timeout(http_server):
    with pytest.raises(ActionError) as caught:
        run_action("std.http", {"url": f"{http_server.url}/slow", "timeout": 0.2})

    assert str(caught.value) == f"HTTP GET {http_server.url}/slow timed out after 0.2 seconds"


def test_response_too_large(http_server, monkeypatch):
    monkeypatch.setattr(http_action, "MAX_RESPONSE_BYTES", 1024)

    with pytest.raises(ActionError) as caught:
        run_action("std.http", {"url": f"{http_server.url}/big"})

    assert "larger than 1024 bytes" in str(caught.value)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("127.0.0.1/x", "needs an http:// or https:// scheme"),
        ("ftp://127.0.0.1/x", "scheme is not supported"),
    ],
)
def test_invalid_url(url, message):
    with pytest.raises(ActionError) as caught:
        run_action("std.http", {"url": url})

    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"body": "a", "json": {"a": 1}}, "only one of the parameters 'body' and 'json'"),
        ({"auth": "token-without-colon"}, "'auth' must be"),
        ({"timeout": "soon"}, "'timeout' must be a number"),
        ({"timeout": 0}, "more than 0 seconds"),
        ({"headers": ["A: b"]}, "'headers' must be a mapping"),
        ({"url": 5}, "'url' must be a string"),
    ],
)
def test_invalid_parameters(http_server, params, message):
    with pytest.raises(ActionError) as caught:
        run_action("std.http", {"url": f"{http_server.url}/json", **params})

    assert message in str(caught.value)


def test_invalid_auth_message_hides_value(http_server):
    with pytest.raises(ActionError) as caught:
        run_action("std.http", {"url": f"{http_server.url}/json", "auth": "token-secret"})

    assert "token-secret" not in str(caught.value)


def test_display_url_drops_credentials_and_query():
    assert http_action.display_url("https://u:p@[::1]:8443/a/b?x=1#f") == "https://[::1]:8443/a/b"
