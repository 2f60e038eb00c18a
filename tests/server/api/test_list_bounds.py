"""Every list rejects with 400, not 500, a limit or a filter that the database could not bind."""

import pytest

COLLECTIONS = ["executions", "tasks", "workflows", "environments", "action_executions"]


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_limit_over_64_bits_is_400(api, collection):
    response = api.get(f"/{collection}?limit=9223372036854775808")

    assert response.status_code == 400
    assert "9223372036854775808" in response.json()["faultstring"]


@pytest.mark.parametrize("query_string", [
    "created_at=gt:9999-12-31 23:59:59",
    "created_at=lte:9999-12-31 23:59:59",
    "created_at=0001-01-01T00:00:00%2B01:00",
    "created_at=99999-01-01",
    "workflow_name=a%00b",
    "limit=" + "9" * 5000,
    "marker=" + "f" * 5000,
])
def test_odd_list_parameters_are_not_a_500(api, query_string):
    response = api.get(f"/executions?{query_string}")

    assert response.status_code in (200, 400)
    assert response.json().get("faultcode") != "Server"
