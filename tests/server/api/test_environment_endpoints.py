"""/v2/environments: stored environments by name."""

import json

import pytest


def create(api, name, variables, **extra):
    body = {"name": name, "description": "d", "variables": json.dumps(variables), "scope": "private", **extra}
    return api.post("/environments", body)


def test_create_environment(api):
    response = create(api, "prod", {"endpoint": "http://x"})

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "name", "description", "variables", "scope", "project_id", "created_at"}
    assert json.loads(body["variables"]) == {"endpoint": "http://x"}


def test_create_environment_twice_is_409(api):
    create(api, "dup", {})

    response = create(api, "dup", {})

    assert response.status_code == 409
    assert "dup" in response.json()["faultstring"]


def test_create_environment_without_name_is_400(api):
    assert api.post("/environments", {"variables": "{}"}).status_code == 400


@pytest.mark.parametrize("variables", ["[1]", "5"])
def test_create_environment_with_non_mapping_variables_is_400(api, variables):
    assert api.post("/environments", {"name": "bad", "variables": variables}).status_code == 400


def test_get_environment_by_name(api):
    create(api, "by-name", {"a": 1})

    assert json.loads(api.ok(api.get("/environments/by-name"))["variables"]) == {"a": 1}


def test_get_unknown_environment_is_404(api):
    assert api.get("/environments/nope").status_code == 404


def test_update_replaces_variables_as_a_whole(api):
    create(api, "replaced", {"a": 1, "b": 2})

    updated = api.ok(api.put("/environments", {"name": "replaced", "variables": json.dumps({"c": 3})}))

    assert json.loads(updated["variables"]) == {"c": 3}


def test_update_description_keeps_variables(api):
    create(api, "described", {"a": 1})

    updated = api.ok(api.put("/environments", {"name": "described", "description": "new"}))

    assert updated["description"] == "new"
    assert json.loads(updated["variables"]) == {"a": 1}


def test_update_unknown_environment_is_404(api):
    assert api.put("/environments", {"name": "ghost", "description": "x"}).status_code == 404


def test_list_environments(api):
    create(api, "listed-env", {})

    names = [item["name"] for item in api.ok(api.get("/environments"))["environments"]]

    assert "listed-env" in names


def test_delete_environment(api):
    create(api, "deleted-env", {})

    assert api.delete("/environments/deleted-env").status_code == 204
    assert api.get("/environments/deleted-env").status_code == 404
