"""execution-get-input, -get-output, -get-env, task-get-result, task-get-published."""

import json

from support.recording_api import EXECUTION_ID, TASK_ID, execution_resource, task_resource


def test_execution_input(mistral, api):
    api.respond(200, execution_resource(input={"retries": 3, "hosts": ["a"]}))

    result = mistral("execution-get-input", EXECUTION_ID)

    assert api.last_request.path == f"/v2/executions/{EXECUTION_ID}"
    assert result.stdout == '{\n    "retries": 3,\n    "hosts": [\n        "a"\n    ]\n}\n'


def test_execution_output(mistral, api):
    api.respond(200, execution_resource(output={"status": 200}))

    assert mistral("execution-get-output", EXECUTION_ID).stdout == '{\n    "status": 200\n}\n'


def test_execution_output_as_yaml(mistral, api):
    api.respond(200, execution_resource(output={"status": 200}))

    assert mistral("execution-get-output", EXECUTION_ID, "-f", "yaml").stdout == "status: 200\n"


def test_yaml_keeps_the_order_of_json(mistral, api):
    params = {"env": {"token": "t", "endpoint": "http://new", "a": 1}, "namespace": ""}
    api.respond(200, execution_resource(params=params))

    result = mistral("execution-get-env", EXECUTION_ID, "-f", "yaml")

    assert result.stdout == "token: t\nendpoint: http://new\na: 1\n"


def test_execution_output_missing_prints_empty_line(mistral, api):
    resource = execution_resource()
    del resource["output"]
    api.respond(200, resource)

    assert mistral("execution-get-output", EXECUTION_ID).stdout == "\n"


def test_execution_env_after_merges(mistral, api):
    params = {"env": {"token": "new", "db": {"host": "b"}}, "namespace": ""}
    api.respond(200, execution_resource(params=params))

    result = mistral("execution-get-env", EXECUTION_ID)

    assert json.loads(result.stdout) == {"token": "new", "db": {"host": "b"}}


def test_execution_env_of_sub_execution_is_empty(mistral, api):
    api.respond(200, execution_resource(params={"namespace": ""}, root_execution_id="root-1"))

    assert mistral("execution-get-env", EXECUTION_ID).stdout == "{}\n"


def test_task_result(mistral, api):
    api.respond(200, task_resource(result={"status": 503, "content": "down"}))

    result = mistral("task-get-result", TASK_ID)

    assert api.last_request.path == f"/v2/tasks/{TASK_ID}"
    assert json.loads(result.stdout) == {"status": 503, "content": "down"}


def test_task_published(mistral, api):
    api.respond(200, task_resource(published={"status": 200}))

    assert json.loads(mistral("task-get-published", TASK_ID).stdout) == {"status": 200}
