"""workflow-create, -get, -get-definition and -delete, as sent and printed."""

from support.recording_api import WORKFLOW_ID, workflow_resource

DEFINITION = "---\nversion: '2.0'\noutage_wf:\n  tasks:\n    fetch:\n      action: std.noop\n"


def test_create_uploads_text_plain(mistral, api, tmp_path):
    path = tmp_path / "outage.yaml"
    path.write_text(DEFINITION)
    api.respond(201, {"workflows": [workflow_resource()]})

    result = mistral("workflow-create", str(path), "-f", "value", "-c", "Name", "-c", "Scope")

    assert result.code == 0
    assert api.last_request.method == "POST"
    assert api.last_request.path == "/v2/workflows"
    assert api.last_request.query_string == "scope=private&namespace="
    assert api.last_request.headers["Content-Type"] == "text/plain"
    assert api.last_request.text == DEFINITION
    assert result.stdout == "outage_wf private\n"


def test_create_public_in_namespace(mistral, api, tmp_path):
    path = tmp_path / "outage.yaml"
    path.write_text(DEFINITION)
    api.respond(201, {"workflows": [workflow_resource(scope="public", namespace="ops")]})

    mistral("workflow-create", str(path), "--public", "--namespace", "ops")

    assert api.last_request.query_string == "scope=public&namespace=ops"


def test_create_from_standard_input(mistral, api):
    api.respond(201, {"workflows": [workflow_resource()]})

    mistral("workflow-create", "-", stdin=DEFINITION.encode())

    assert api.last_request.text == DEFINITION


def test_create_lists_every_workflow(mistral, api, tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text(DEFINITION)
    api.respond(201, {"workflows": [workflow_resource(), workflow_resource(id="w2", name="child_wf")]})

    result = mistral("workflow-create", str(path), "-f", "value", "-c", "Name")

    assert result.stdout == "outage_wf\nchild_wf\n"


def test_create_missing_file_rejected(mistral, api, tmp_path):
    result = mistral("workflow-create", str(tmp_path / "nope.yaml"))

    assert result.code == 1
    assert "not found" in result.stderr
    assert api.requests == []


def test_create_invalid_definition_shows_faultstring(mistral, api, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("---\nversion: '2.0'\n")
    api.respond_error(400, "Invalid DSL: no workflows in the definition")

    result = mistral("workflow-create", str(path))

    assert result.code == 1
    assert "Invalid DSL: no workflows in the definition" in result.stderr


def test_get_with_namespace(mistral, api):
    api.respond(200, workflow_resource(tags=["ops", "outage"]))

    result = mistral("workflow-get", "outage_wf", "--namespace", "ops", "-f", "json")

    assert api.last_request.path == "/v2/workflows/outage_wf"
    assert api.last_request.query_string == "namespace=ops"
    assert result.stdout.count('"Tags": "ops, outage"') == 1


def test_get_shows_workflow_columns(mistral, api):
    api.respond(200, workflow_resource())

    result = mistral("workflow-get", WORKFLOW_ID, "-f", "shell")

    assert result.stdout == (
        f'id="{WORKFLOW_ID}"\nname="outage_wf"\nnamespace=""\nproject_id="<default-project>"\n'
        'tags="<none>"\ninput="retries=3"\nscope="private"\ncreated_at="2026-12-04 19:00:00"\n'
        'updated_at="None"\n'
    )


def test_get_definition_prints_text(mistral, api):
    api.respond(200, workflow_resource(definition=DEFINITION))

    result = mistral("workflow-get-definition", "outage_wf")

    assert api.last_request.query_string == "namespace="
    assert result.stdout == DEFINITION


def test_delete_several(mistral, api):
    api.respond(204)
    api.respond(204)

    result = mistral("workflow-delete", "wf_a", "wf_b")

    assert result.code == 0
    assert [(r.method, r.path) for r in api.requests] == [
        ("DELETE", "/v2/workflows/wf_a"),
        ("DELETE", "/v2/workflows/wf_b"),
    ]
    assert result.stdout == (
        "Request to delete workflow wf_a has been accepted.\n"
        "Request to delete workflow wf_b has been accepted.\n"
    )


def test_delete_continues_after_failure_and_exits_1(mistral, api):
    api.respond_error(404, "Workflow not found [name=wf_a]")
    api.respond(204)

    result = mistral("workflow-delete", "wf_a", "wf_b", "--namespace", "ops")

    assert result.code == 1
    assert len(api.requests) == 2
    assert api.requests[1].query_string == "namespace=ops"
    assert result.stdout == "Request to delete workflow wf_b has been accepted.\n"
    assert "Workflow not found [name=wf_a]" in result.stderr
    assert "Unable to delete the specified workflow(s): wf_a." in result.stderr
