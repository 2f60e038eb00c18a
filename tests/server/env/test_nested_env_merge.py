"""Env updates deep-merge into the execution's env, one after another."""

import json

from support.servers import database_rows


def paused(server, env):
    execution = server.start_execution("maintenance_wf", env=env)
    server.wait_for_execution(execution["id"], "PAUSED")
    return execution


def put_env(server, execution_id, env):
    return server.ok(server.put(f"/executions/{execution_id}", {"params": {"env": env}}))


def test_nested_objects_merge_key_by_key(env_server, canary):
    start = {"api": {"url": "http://a", "auth": {"user": "u", "token": "old"}}, "canary": canary}
    execution = paused(env_server, start)

    put_env(env_server, execution["id"], {"api": {"auth": {"token": "new"}}})

    assert env_server.env_of(execution["id"]) == {
        "api": {"url": "http://a", "auth": {"user": "u", "token": "new"}},
        "canary": canary,
    }


def test_lists_are_replaced_and_null_is_kept(env_server, canary):
    execution = paused(env_server, {"hosts": ["a", "b"], "flag": 1, "canary": canary})

    put_env(env_server, execution["id"], {"hosts": ["c"], "flag": None})

    assert env_server.env_of(execution["id"]) == {"hosts": ["c"], "flag": None, "canary": canary}


def test_scalar_replaces_mapping_and_back(env_server, canary):
    execution = paused(env_server, {"api": {"url": "http://a"}, "canary": canary})

    put_env(env_server, execution["id"], {"api": "flat"})
    flat = env_server.env_of(execution["id"])["api"]
    put_env(env_server, execution["id"], {"api": {"url": "http://b"}})

    assert flat == "flat"
    assert env_server.env_of(execution["id"])["api"] == {"url": "http://b"}


def test_unicode_keys_merge(env_server, canary):
    execution = paused(env_server, {"clé": {"ключ": 1}, "canary": canary})

    put_env(env_server, execution["id"], {"clé": {"鍵": 2}})

    assert env_server.env_of(execution["id"])["clé"] == {"ключ": 1, "鍵": 2}


def test_each_update_is_a_revision_with_changed_keys(env_server, canary):
    execution = paused(env_server, {"api": {"url": "u", "token": "t"}, "canary": canary})

    put_env(env_server, execution["id"], {"api": {"token": "t2"}})
    put_env(env_server, execution["id"], {"region": "north"})
    revisions = sorted(database_rows(env_server.db_path, "env_revisions", execution_id=execution["id"]),
                       key=lambda row: row["revision"])

    assert [row["cause"] for row in revisions] == ["start", "update", "update"]
    assert [json.loads(row["changed_keys"]) for row in revisions] == [
        ["api.token", "api.url", "canary"], ["api.token"], ["region"],
    ]
    assert "t2" not in json.dumps(revisions)
