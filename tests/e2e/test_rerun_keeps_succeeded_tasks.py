"""A rerun with env of a later task leaves the task that succeeded before it alone."""

FETCH_THEN_REPORT = """\
---
version: '2.0'

fetch_then_report:
  tasks:
    fetch:
      action: std.http
      input:
        url: <% env().endpoint %>
        headers: {X-Auth-Token: <% env().token %>}
      publish:
        items: <% task().result.content.items %>
      on-success: [report]

    report:
      action: std.http
      input:
        url: <% env().report_endpoint %>
        method: POST
        headers: {X-Auth-Token: <% env().token %>}
        json: {items: <% $.items %>}
"""


def test_rerun_of_report_leaves_fetch(operator, local_service, tmp_path):
    workflow_path = tmp_path / "fetch-then-report.yaml"
    workflow_path.write_text(FETCH_THEN_REPORT, encoding="utf-8")
    operator.upload_workflow(workflow_path)

    # fetch calls the service where it is now, and report calls where it was before it moved.
    old_url = local_service.url
    local_service.move()
    env = {
        "endpoint": f"{local_service.url}/data",
        "report_endpoint": f"{old_url}/echo",
        "token": local_service.token,
    }
    execution_id = operator.start_execution("fetch_then_report", env)["ID"]
    operator.wait_for_state(execution_id, "ERROR")
    fetch = operator.task_named(execution_id, "fetch")
    fetch_attempts = operator.attempts(fetch["ID"])
    report = operator.task_named(execution_id, "report")

    assert fetch["State"] == "SUCCESS"
    assert report["State"] == "ERROR"

    env_path = tmp_path / "report-endpoint.yaml"
    env_path.write_text(f"report_endpoint: {local_service.url}/echo\n", encoding="utf-8")
    operator.rerun_task(report["ID"], env_path)
    operator.wait_for_state(execution_id, "SUCCESS")

    # fetch is the same task execution, started at the same time, with the same single attempt.
    assert operator.task_named(execution_id, "fetch") == fetch
    assert operator.attempts(fetch["ID"]) == fetch_attempts
    assert local_service.count(path="/data") == 1

    # report ran again, at the new address, with what fetch had published.
    assert operator.task_named(execution_id, "report")["ID"] == report["ID"]
    assert operator.result_of(report["ID"])["content"] == {"received": {"items": local_service.items}}
    assert local_service.count(path="/echo", valid=True) == 1
