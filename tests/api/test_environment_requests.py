"""Environment manager: the exact request of every method, and its result."""

from support.recording_api import MOCKED_API_URL as API_URL, environment_resource


def test_create_sends_variables_as_json_string(client, requests_mock):
    requests_mock.post(f"{API_URL}/environments", status_code=201, json=environment_resource())

    client.environments.create("prod", {"token": "t"}, description="Production endpoints")

    assert requests_mock.last_request.json() == {
        "name": "prod",
        "description": "Production endpoints",
        "variables": '{"token": "t"}',
        "scope": "private",
    }


def test_create_without_description(client, requests_mock):
    requests_mock.post(f"{API_URL}/environments", status_code=201, json=environment_resource())

    client.environments.create("prod", {}, scope="public")

    assert requests_mock.last_request.json() == {"name": "prod", "variables": "{}", "scope": "public"}


def test_create_returns_decoded_variables(client, requests_mock):
    requests_mock.post(f"{API_URL}/environments", status_code=201, json=environment_resource())

    environment = client.environments.create("prod", {})

    assert environment["variables"] == {"endpoint": "http://new-host/v1", "token": "s3cr3t"}


def test_get_by_name(client, requests_mock):
    requests_mock.get(f"{API_URL}/environments/prod", json=environment_resource())

    assert client.environments.get("prod")["name"] == "prod"


def test_list(client, requests_mock):
    requests_mock.get(f"{API_URL}/environments", json={"environments": [environment_resource()]})

    environments = client.environments.list()

    assert requests_mock.last_request.url == f"{API_URL}/environments"
    assert [e["name"] for e in environments] == ["prod"]


def test_update_puts_name_in_body(client, requests_mock):
    requests_mock.put(f"{API_URL}/environments", json=environment_resource())

    client.environments.update("prod", variables={"token": "new"})

    assert requests_mock.last_request.json() == {"name": "prod", "variables": '{"token": "new"}'}


def test_update_description_only(client, requests_mock):
    requests_mock.put(f"{API_URL}/environments", json=environment_resource())

    client.environments.update("prod", description="moved")

    assert requests_mock.last_request.json() == {"name": "prod", "description": "moved"}


def test_delete_by_name(client, requests_mock):
    requests_mock.delete(f"{API_URL}/environments/prod", status_code=204)

    client.environments.delete("prod")

    assert requests_mock.last_request.method == "DELETE"
    assert requests_mock.last_request.url == f"{API_URL}/environments/prod"
