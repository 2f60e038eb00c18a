"""Concurrent env updates all land; concurrent reruns of one task start it once."""

import json
import threading

import requests

THREADS = 20


def run_together(count, request):
    """Run ``request(i)`` on ``count`` threads released at the same moment; return the responses."""
    barrier = threading.Barrier(count)
    responses = [None] * count

    def worker(index):
        barrier.wait()
        responses[index] = request(index)

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return responses


def test_twenty_concurrent_env_updates_all_land(env_server, canary):
    execution = env_server.start_execution("maintenance_wf", env={"canary": canary})
    env_server.wait_for_execution(execution["id"], "PAUSED")

    responses = run_together(THREADS, lambda index: requests.put(
        f"{env_server.url}/executions/{execution['id']}", json={"params": {"env": {f"key_{index}": index}}},
        timeout=60))
    env = env_server.env_of(execution["id"])

    assert [response.status_code for response in responses] == [200] * THREADS
    assert {key: env[key] for key in env if key.startswith("key_")} == {f"key_{i}": i for i in range(THREADS)}
    assert env["canary"] == canary


def test_twenty_concurrent_reruns_start_the_task_once(env_server, canary):
    # The first run fails at once (no number of seconds); the rerun sleeps long
    # enough that every request arrives while it runs.
    execution = env_server.start_execution("slow_rerun_wf", env={"nap": "none", "canary": canary})
    env_server.wait_for_execution(execution["id"], "ERROR")
    nap = env_server.task_named(execution["id"], "nap")

    responses = run_together(THREADS, lambda index: requests.put(
        f"{env_server.url}/tasks/{nap['id']}",
        json={"state": "RUNNING", "reset": True, "env": json.dumps({"nap": 2, "attempt": index})}, timeout=60))
    env_server.wait_for_execution(execution["id"], "ERROR", "SUCCESS")
    statuses = sorted(response.status_code for response in responses)
    rejections = [response.json()["faultstring"] for response in responses if response.status_code == 400]

    assert statuses == [200] + [400] * (THREADS - 1)
    assert all("must be in ERROR" in message for message in rejections)
    assert len(env_server.action_executions_of(nap["id"])) == 2
