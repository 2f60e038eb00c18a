"""Keystone authentication with keystoneauth1's fixtures, and catalog lookup."""

import socket

import pytest
from keystoneauth1 import fixture
from support.recording_api import TASK_ID, task_resource

from mistralclient_env import exceptions
from mistralclient_env.api.client import create_client

AUTH_V3 = "http://keystone.test:5000/v3"
AUTH_V2 = "http://keystone.test:5000/v2.0"
TOKEN_ID = "ks-token-0001"
PUBLIC_ONE = "http://mistral-public.test:8989/v2"
INTERNAL_ONE = "http://mistral-internal.test:8989/v2"
PUBLIC_TWO = "http://mistral-two.test:8989/v2"


def v3_token():
    token = fixture.V3Token(project_id="p-1", project_name="ops", user_id="u-1", user_name="admin")
    service = token.add_service("workflowv2")
    service.add_endpoint("public", PUBLIC_ONE, region="RegionOne")
    service.add_endpoint("internal", INTERNAL_ONE, region="RegionOne")
    service.add_endpoint("public", PUBLIC_TWO, region="RegionTwo")
    token.add_service("identity").add_endpoint("public", AUTH_V3, region="RegionOne")
    return token


@pytest.fixture
def keystone_v3(requests_mock):
    return requests_mock.post(
        f"{AUTH_V3}/auth/tokens",
        json=v3_token(),
        headers={"X-Subject-Token": TOKEN_ID},
        status_code=201,
    )


def mock_task(requests_mock, base_url):
    return requests_mock.get(f"{base_url}/tasks/{TASK_ID}", json=task_resource())


def password_client(**options):
    return create_client(
        auth_url=AUTH_V3,
        username="admin",
        password="secret-password",
        project_name="ops",
        **options,
    )


def test_password_auth_sends_v3_password_request(keystone_v3, requests_mock):
    mock_task(requests_mock, PUBLIC_ONE)

    password_client().tasks.get(TASK_ID)

    assert keystone_v3.last_request.json() == {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {"name": "admin", "password": "secret-password", "domain": {"id": "default"}}
                },
            },
            "scope": {"project": {"name": "ops", "domain": {"id": "default"}}},
        }
    }


def test_password_auth_uses_token_on_mistral_request(keystone_v3, requests_mock):
    mistral = mock_task(requests_mock, PUBLIC_ONE)

    password_client().tasks.get(TASK_ID)

    assert mistral.last_request.headers["X-Auth-Token"] == TOKEN_ID


def test_named_domains_sent(keystone_v3, requests_mock):
    mock_task(requests_mock, PUBLIC_ONE)

    password_client(user_domain_name="Users", project_domain_name="Projects").tasks.get(TASK_ID)

    auth = keystone_v3.last_request.json()["auth"]
    assert auth["identity"]["password"]["user"]["domain"] == {"name": "Users"}
    assert auth["scope"]["project"]["domain"] == {"name": "Projects"}


def test_project_id_scope(keystone_v3, requests_mock):
    mock_task(requests_mock, PUBLIC_ONE)

    create_client(auth_url=AUTH_V3, username="admin", password="pw", project_id="p-1").tasks.get(TASK_ID)

    assert keystone_v3.last_request.json()["auth"]["scope"] == {"project": {"id": "p-1"}}


def test_token_auth_sends_v3_token_request(keystone_v3, requests_mock):
    mock_task(requests_mock, PUBLIC_ONE)

    create_client(auth_url=AUTH_V3, token="user-token", project_name="ops").tasks.get(TASK_ID)

    identity = keystone_v3.last_request.json()["auth"]["identity"]
    assert identity == {"methods": ["token"], "token": {"id": "user-token"}}


def test_catalog_lookup_by_interface(keystone_v3, requests_mock):
    mistral = mock_task(requests_mock, INTERNAL_ONE)

    password_client(interface="internal").tasks.get(TASK_ID)

    assert mistral.call_count == 1


def test_catalog_lookup_accepts_openstack_endpoint_type(keystone_v3, requests_mock):
    mistral = mock_task(requests_mock, INTERNAL_ONE)

    password_client(interface="internalURL").tasks.get(TASK_ID)

    assert mistral.call_count == 1


def test_catalog_lookup_by_region(keystone_v3, requests_mock):
    mistral = mock_task(requests_mock, PUBLIC_TWO)

    password_client(region_name="RegionTwo").tasks.get(TASK_ID)

    assert mistral.call_count == 1


def test_catalog_lookup_by_service_type(requests_mock):
    token = fixture.V3Token(project_id="p-1")
    token.add_service("workflow").add_endpoint("public", "http://other.test/v2", region="RegionOne")
    token.add_service("workflowv2").add_endpoint("public", PUBLIC_ONE, region="RegionOne")
    requests_mock.post(f"{AUTH_V3}/auth/tokens", json=token, headers={"X-Subject-Token": TOKEN_ID})
    mistral = mock_task(requests_mock, PUBLIC_ONE)

    password_client().tasks.get(TASK_ID)

    assert mistral.call_count == 1


def test_mistral_url_overrides_catalog(keystone_v3, requests_mock):
    override = "http://override.test:8989/v2"
    mistral = mock_task(requests_mock, override)

    password_client(mistral_url=override).tasks.get(TASK_ID)

    assert mistral.last_request.headers["X-Auth-Token"] == TOKEN_ID


def test_missing_service_raises_endpoint_not_found(keystone_v3, requests_mock):
    with pytest.raises(exceptions.EndpointNotFound) as caught:
        password_client(service_type="workflowv9").tasks.get(TASK_ID)

    assert "workflowv9" in str(caught.value)
    assert "--os-mistral-url" in str(caught.value)


def test_missing_region_raises_endpoint_not_found(keystone_v3, requests_mock):
    with pytest.raises(exceptions.EndpointNotFound):
        password_client(region_name="RegionNine").tasks.get(TASK_ID)


def test_rejected_password_raises_authentication_failed(requests_mock):
    requests_mock.post(
        f"{AUTH_V3}/auth/tokens",
        status_code=401,
        json={"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}},
    )

    with pytest.raises(exceptions.AuthenticationFailed) as caught:
        password_client().tasks.get(TASK_ID)

    assert AUTH_V3 in str(caught.value)
    assert "secret-password" not in str(caught.value)


def test_unreachable_keystone_raises_connection_failed():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    auth_url = f"http://127.0.0.1:{port}/v3"

    with pytest.raises(exceptions.ConnectionFailed) as caught:
        create_client(auth_url=auth_url, username="u", password="p", project_name="x").tasks.get(TASK_ID)

    assert f"127.0.0.1:{port}" in str(caught.value)


def test_v2_password_auth(requests_mock):
    token = fixture.V2Token(token_id=TOKEN_ID, tenant_id="t-1", tenant_name="ops")
    token.add_service("workflowv2").add_endpoint(
        public=PUBLIC_ONE, internal=INTERNAL_ONE, admin=INTERNAL_ONE, region="RegionOne"
    )
    keystone = requests_mock.post(f"{AUTH_V2}/tokens", json=token)
    mistral = mock_task(requests_mock, PUBLIC_ONE)

    create_client(auth_url=AUTH_V2, username="admin", password="pw", project_name="ops").tasks.get(TASK_ID)

    assert keystone.last_request.json() == {
        "auth": {"passwordCredentials": {"username": "admin", "password": "pw"}, "tenantName": "ops"}
    }
    assert mistral.last_request.headers["X-Auth-Token"] == TOKEN_ID


def test_unversioned_auth_url_discovers_v3(requests_mock):
    root = "http://keystone.test:5000"
    requests_mock.get(root, json=fixture.DiscoveryList(href=root), status_code=300)
    keystone = requests_mock.post(
        f"{root}/v3/auth/tokens", json=v3_token(), headers={"X-Subject-Token": TOKEN_ID}
    )
    mistral = mock_task(requests_mock, PUBLIC_ONE)

    create_client(auth_url=root, username="admin", password="pw", project_name="ops").tasks.get(TASK_ID)

    assert keystone.call_count == 1
    assert mistral.last_request.headers["X-Auth-Token"] == TOKEN_ID


def test_username_without_password_rejected():
    with pytest.raises(exceptions.ConfigurationError, match="--os-password"):
        create_client(auth_url=AUTH_V3, username="admin")


def test_auth_url_without_credentials_rejected():
    with pytest.raises(exceptions.ConfigurationError, match="--os-auth-token"):
        create_client(auth_url=AUTH_V3)


def test_nothing_sent_before_first_request(requests_mock):
    password_client()

    assert requests_mock.call_count == 0
