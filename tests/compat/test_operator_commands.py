"""The other OpenStack client commands operators run against our server: lists, documents, environments, deletes."""

import json

import pytest


@pytest.fixture(scope="module")
def osc(module_openstack_mistral):
    return module_openstack_mistral


@pytest.fixture(scope="module")
def finished(osc, module_server, module_service, workflows_file, tmp_path_factory):
    """An outage_wf execution that ended SUCCESS, with the ids of its tasks by name."""
    env = {"endpoint": module_service.url, "token": module_service.token}

    osc.ok("workflow-create", workflows_file)
    created = osc.show("execution-create", "outage_wf", json.dumps({"label": "daily"}), json.dumps({"env": env}))
    module_server.wait_for_execution(created["ID"], "SUCCESS")
    tasks = {task["name"]: task["id"] for task in module_server.tasks_of(created["ID"])}

    return {"execution": created["ID"], "tasks": tasks}


@pytest.fixture
def environment_file(tmp_path):
    def write(name, text):
        path = tmp_path / name
        path.write_text(text)
        return path

    return write


def test_workflow_list_shows_uploaded_workflows(osc, finished):
    rows = {row["Name"]: row for row in osc.rows("workflow-list")}

    assert sorted(rows) == ["maintenance_wf", "outage_wf"]
    assert rows["outage_wf"]["Input"] == 'label="outage"'
    assert rows["outage_wf"]["Project ID"] == "<default-project>"
    assert rows["outage_wf"]["Scope"] == "private"
    assert rows["outage_wf"]["Namespace"] == ""


def test_workflow_get_definition_prints_yaml(osc, finished):
    text = osc.ok("workflow-get-definition", "outage_wf")

    assert "outage_wf:" in text
    assert "action: std.http" in text


def test_execution_list_shows_execution(osc, finished):
    rows = osc.rows("execution-list")
    roots = osc.rows("execution-list", "--rootsonly")

    assert (finished["execution"], "SUCCESS") in [(row["ID"], row["State"]) for row in rows]
    assert finished["execution"] in [row["ID"] for row in roots]


def test_task_list_of_execution_oldest_first(osc, finished):
    rows = osc.rows("task-list", finished["execution"])
    every_task = osc.rows("task-list")

    assert [(row["Name"], row["State"]) for row in rows] == [
        ("prepare", "SUCCESS"), ("fetch", "SUCCESS"), ("report", "SUCCESS"),
    ]
    assert {row["Workflow Execution ID"] for row in rows} == {finished["execution"]}
    assert {row["ID"] for row in rows} <= {row["ID"] for row in every_task}


def test_execution_get_input_prints_json(osc, finished):
    assert json.loads(osc.ok("execution-get-input", finished["execution"])) == {"label": "daily"}


def test_execution_get_output_prints_json(osc, finished, module_service):
    output = json.loads(osc.ok("execution-get-output", finished["execution"]))

    assert output == {"items": module_service.items, "label": "daily"}


def test_task_get_result_prints_json(osc, finished):
    result = json.loads(osc.ok("task-get-result", finished["tasks"]["fetch"]))

    assert result["status"] == 200
    assert result["content"]["items"] == ["alpha", "beta"]


def test_task_get_published_prints_json(osc, finished):
    published = json.loads(osc.ok("task-get-published", finished["tasks"]["fetch"]))

    assert published == {"items": ["alpha", "beta"]}


def test_action_execution_list_of_task(osc, finished):
    rows = osc.rows("action-execution-list", finished["tasks"]["fetch"])

    assert len(rows) == 1
    assert rows[0]["Name"] == "std.http"
    assert rows[0]["Task name"] == "fetch"
    assert rows[0]["Task ID"] == finished["tasks"]["fetch"]
    assert rows[0]["State"] == "SUCCESS"
    assert rows[0]["Accepted"] is True


def test_execution_update_description(osc, finished):
    shown = osc.show("execution-update", finished["execution"], "-d", "checked by ops")

    assert shown["Description"] == "checked by ops"
    assert shown["State"] == "SUCCESS"


def test_stored_environment_lifecycle(osc, environment_file):
    created_file = environment_file("prod.yaml", (
        "name: prod\n"
        "description: Production endpoints\n"
        "variables:\n"
        "  endpoint: http://127.0.0.1:9/v1\n"
        "  token: first\n"
    ))
    updated_file = environment_file("prod-update.json", json.dumps({"name": "prod", "variables": {"token": "second"}}))

    created = osc.show("environment-create", created_file)
    shown = osc.show("environment-get", "prod")
    listed = osc.rows("environment-list")
    updated = osc.show("environment-update", updated_file)
    deleted = osc.ok("environment-delete", "prod")
    after_delete = osc.rows("environment-list")

    assert created["Name"] == "prod"
    # The create response has no updated_at, which OpenStack's client shows as null.
    assert created["Updated at"] is None
    assert json.loads(shown["Variables"]) == {"endpoint": "http://127.0.0.1:9/v1", "token": "first"}
    assert shown["Description"] == "Production endpoints"
    assert [(row["Name"], row["Scope"]) for row in listed] == [("prod", "private")]
    assert json.loads(updated["Variables"]) == {"token": "second"}
    assert updated["Description"] == "Production endpoints"
    assert updated["Updated at"] != "<none>"
    assert deleted.strip() == "Request to delete environment prod has been accepted."
    # OpenStack's client shows an empty list as one row of empty strings.
    assert [row["Name"] for row in after_delete] == [""]


def test_execution_with_stored_environment_gets_copy(osc, module_server, module_service, environment_file):
    variables = {"endpoint": module_service.url, "token": module_service.token}
    osc.ok("environment-create", environment_file("live.json", json.dumps({"name": "live", "variables": variables})))

    created = osc.show("execution-create", "outage_wf", "{}", json.dumps({"env": "live"}))
    osc.ok("environment-update", environment_file("live-update.json", json.dumps(
        {"name": "live", "variables": {"token": "changed"}})))
    finished = module_server.wait_for_execution(created["ID"], "SUCCESS", "ERROR")

    assert finished["state"] == "SUCCESS"
    assert module_server.env_of(created["ID"]) == variables


def test_execution_delete(osc, module_server, module_service):
    env = {"endpoint": module_service.url, "token": module_service.token}
    created = osc.show("execution-create", "outage_wf", "{}", json.dumps({"env": env}))
    module_server.wait_for_execution(created["ID"], "SUCCESS")

    printed = osc.ok("execution-delete", created["ID"])
    lookup = module_server.get(f"/executions/{created['ID']}")

    assert printed.strip() == f"Request to delete execution {created['ID']} has been accepted."
    assert lookup.status_code == 404


def test_execution_delete_of_running_execution_fails(osc, module_server):
    created = osc.show("execution-create", "maintenance_wf", json.dumps({"nap": 30}), "{}")

    refused = osc.fail("execution-delete", created["ID"])
    forced = osc.ok("execution-delete", created["ID"], "--force")

    assert refused.returncode == 1
    assert "Unable to delete the specified execution(s)." in refused.stderr
    assert created["ID"] in refused.stdout
    assert forced.strip() == f"Request to delete execution {created['ID']} has been accepted."


def test_execution_create_from_source_execution(osc, module_server, finished):
    again = osc.show("execution-create", "-s", finished["execution"])
    execution = module_server.wait_for_execution(again["ID"], "SUCCESS", "ERROR")
    source = module_server.execution(finished["execution"])

    assert again["ID"] != finished["execution"]
    assert again["Workflow name"] == "outage_wf"
    assert again["Description"] == f"Based on the execution '{finished['execution']}'"
    assert execution["state"] == "SUCCESS"
    assert json.loads(execution["input"]) == json.loads(source["input"])
    assert json.loads(execution["params"]) == json.loads(source["params"])


def test_workflow_validate_valid_file(osc, workflows_file):
    shown = osc.show("workflow-validate", workflows_file)

    assert shown == {"Valid": True, "Error": None}


def test_workflow_validate_invalid_file(osc, environment_file):
    invalid = environment_file("invalid.yaml", (
        "---\nversion: '2.0'\nbroken_wf:\n  tasks:\n    one:\n      action: std.noop\n      on-success: [missing]\n"
    ))

    shown = osc.show("workflow-validate", invalid)
    listed = [row["Name"] for row in osc.rows("workflow-list")]

    assert shown["Valid"] is False
    assert "missing" in shown["Error"]
    assert "broken_wf" not in listed


def test_execution_get_sub_executions_lists_tree(osc, finished):
    rows = osc.rows("execution-get-sub-executions", finished["execution"])

    assert [(row["ID"], row["State"]) for row in rows] == [(finished["execution"], "SUCCESS")]
