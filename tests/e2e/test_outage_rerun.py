"""Outage: the service moved and fetch failed, then `task-rerun --env` with the new endpoint finishes the execution."""

import json


def test_rerun_with_new_endpoint(operator, local_service, tmp_path):
    operator.upload_workflow()
    old_endpoint = f"{local_service.url}/data"
    local_service.move()
    new_endpoint = f"{local_service.url}/data"

    # The execution starts with the old endpoint: fetch fails, the execution goes to ERROR.
    execution_id = operator.start_execution(
        "outage_recovery", {"endpoint": old_endpoint, "token": local_service.token}
    )["ID"]
    failed = operator.wait_for_state(execution_id, "ERROR")
    failed_fetch = operator.task_named(execution_id, "fetch")
    failed_attempts = operator.attempts(failed_fetch["ID"])

    assert "fetch" in failed["State info"]
    assert failed_fetch["State"] == "ERROR"
    assert "connection refused" in failed_fetch["State info"]
    assert [task["Name"] for task in operator.tasks(execution_id)] == ["fetch"]
    assert [(a["State"], a["Accepted"]) for a in failed_attempts] == [("ERROR", True)]

    # The operator reruns fetch with a file that names only the new endpoint.
    env_path = tmp_path / "new-endpoint.yaml"
    env_path.write_text(f"endpoint: {new_endpoint}\n", encoding="utf-8")
    rerun = operator.rerun_task(failed_fetch["ID"], env_path)
    operator.wait_for_state(execution_id, "SUCCESS")

    assert rerun["ID"] == failed_fetch["ID"]
    assert rerun["State"] in ("RUNNING", "WAITING")

    # The env: endpoint replaced, token kept by the deep merge.
    assert operator.env_of(execution_id) == {"endpoint": new_endpoint, "token": local_service.token}

    # Both tasks succeeded; fetch kept its task execution id.
    tasks = operator.tasks(execution_id)
    assert [(task["Name"], task["State"]) for task in tasks] == [("fetch", "SUCCESS"), ("process", "SUCCESS")]
    assert tasks[0]["ID"] == failed_fetch["ID"]

    # The failed attempt stays in the history, no longer accepted, next to the rerun's.
    attempts = operator.attempts(failed_fetch["ID"])
    assert len(attempts) == 2
    assert attempts[0]["ID"] == failed_attempts[0]["ID"]
    assert (attempts[0]["State"], attempts[0]["Accepted"]) == ("ERROR", False)
    assert (attempts[1]["State"], attempts[1]["Accepted"]) == ("SUCCESS", True)

    # The results: fetch got the items, process read the new endpoint from env().
    fetch_result = operator.result_of(failed_fetch["ID"])
    assert fetch_result["status"] == 200
    assert fetch_result["content"]["items"] == local_service.items
    assert operator.output_of(execution_id) == {
        "items": local_service.items,
        "report": {"count": len(local_service.items), "source": new_endpoint},
    }

    # The service accepted one fetch request, with the token that was kept.
    assert local_service.count(path="/data", valid=True) == 1
    assert local_service.count(valid=False) == 0


def test_rerun_of_succeeded_task_changes_nothing(operator, local_service, tmp_path):
    operator.upload_workflow()
    endpoint = f"{local_service.url}/data"
    execution_id = operator.start_execution(
        "outage_recovery", {"endpoint": endpoint, "token": local_service.token}
    )["ID"]
    operator.wait_for_state(execution_id, "SUCCESS")
    fetch = operator.task_named(execution_id, "fetch")
    attempts = operator.attempts(fetch["ID"])

    env_path = tmp_path / "other-endpoint.json"
    env_path.write_text(json.dumps({"endpoint": "http://127.0.0.1:9/data"}), encoding="utf-8")
    rejected = operator.run("task-rerun", fetch["ID"], "--env", str(env_path))

    assert rejected.returncode == 1
    assert "ERROR" in rejected.stderr
    assert operator.task_named(execution_id, "fetch") == fetch
    assert operator.attempts(fetch["ID"]) == attempts
    assert operator.env_of(execution_id) == {"endpoint": endpoint, "token": local_service.token}
    assert local_service.count(path="/data") == 1
