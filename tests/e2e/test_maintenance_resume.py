"""Maintenance: paused before fetch, the token rotated, then `execution-update -s RUNNING --env -` carries on."""


def test_resume_with_rotated_token(operator, server, local_service):
    operator.upload_workflow()
    endpoint = f"{local_service.url}/data"
    old_token = local_service.token

    execution_id = operator.start_execution(
        "outage_recovery", {"endpoint": endpoint, "token": old_token}, workflow_input={"pause_before_fetch": True}
    )["ID"]
    paused = operator.wait_for_state(execution_id, "PAUSED")

    assert "fetch" in paused["State info"]
    assert local_service.count() == 0

    # The token expires during the pause. The new one reaches mistral on standard input only.
    new_token = local_service.rotate_token()
    resumed = operator.resume_with_env(execution_id, f'token: "{new_token}"\n')
    operator.wait_for_state(execution_id, "SUCCESS")

    assert resumed["State"] == "RUNNING"
    assert operator.env_of(execution_id) == {"endpoint": endpoint, "token": new_token}

    tasks = operator.tasks(execution_id)
    assert [(task["Name"], task["State"]) for task in tasks] == [("fetch", "SUCCESS"), ("process", "SUCCESS")]

    # fetch ran once, after the resume, with the new token.
    attempts = operator.attempts(tasks[0]["ID"])
    assert [(a["State"], a["Accepted"]) for a in attempts] == [("SUCCESS", True)]
    assert local_service.count(path="/data", valid=True) == 1
    assert local_service.count(valid=False) == 0

    assert operator.output_of(execution_id) == {
        "items": local_service.items,
        "report": {"count": len(local_service.items), "source": endpoint},
    }

    # The server logged at DEBUG throughout, and neither token is in its log.
    log = server.log_text()
    assert old_token not in log
    assert new_token not in log
