"""Encodings of the JSON-typed fields of the Mistral v2 wire format.

Mistral carries some mappings as JSON objects and others as JSON-encoded
strings inside the JSON body, depending on the request. Each form has one
function here, named after the request that uses it, so that no manager
encodes a field by accident. Responses carry every JSON-typed field as a
string; decode_json_field turns them back.
"""

import json


def execution_update_params(env):
    """Return ``params`` for PUT /v2/executions/{id}: a JSON object holding ``env``."""
    return {"env": dict(env)}


def execution_create_params(params):
    """Return ``params`` for POST /v2/executions: a JSON-encoded string."""
    return json.dumps(params)


def execution_create_input(workflow_input):
    """Return ``input`` for POST /v2/executions: a JSON-encoded string."""
    return json.dumps(workflow_input)


def task_rerun_env(env):
    """Return ``env`` for a rerun, PUT /v2/tasks/{id}: a JSON-encoded string."""
    return json.dumps(env)


def environment_variables(variables):
    """Return ``variables`` for POST and PUT /v2/environments: a JSON-encoded string."""
    return json.dumps(variables)


def decode_json_field(value):
    """Decode a JSON-typed response field sent as a JSON-encoded string.

    A value that is already decoded (a server may send a plain object), or a
    string that is not JSON, is returned unchanged.
    """
    if not isinstance(value, str):
        return value

    try:
        return json.loads(value)
    except ValueError:
        return value
