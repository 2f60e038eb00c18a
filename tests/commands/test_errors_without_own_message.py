"""Errors whose str() is empty or bare still print a message that names what failed."""

import json

from support.recording_api import EXECUTION_ID, execution_resource

from mistralclient_env.api.executions import ExecutionManager


def test_memory_error_has_a_message(mistral_in_process, api, monkeypatch):
    def exhaust(self, execution_id):
        raise MemoryError()

    monkeypatch.setattr(ExecutionManager, "get", exhaust)

    result = mistral_in_process("execution-get", EXECUTION_ID)

    assert result.code == 1
    assert result.stderr.startswith("ERROR (app) Out of memory: ")
    assert "--limit" in result.stderr


def deep_params(levels):
    return '{"env": {"d": ' + "[" * levels + "]" * levels + "}}"


def test_response_nested_too_deeply(mistral, api):
    api.respond(200, execution_resource(params=deep_params(50000)))

    result = mistral("execution-get-env", EXECUTION_ID)

    assert result.code == 1
    assert result.stderr.startswith("ERROR (app) A value is nested too deeply to be processed")


def test_debug_masking_survives_deep_response(mistral_in_process, api):
    api.respond(200, execution_resource(params=deep_params(50000)))

    result = mistral_in_process("--debug", "execution-get", EXECUTION_ID, "-f", "value", "-c", "State")

    assert '"params": "***"' in result.stderr
    assert "A value is nested too deeply to be processed" in result.stderr


def test_deep_response_within_limits_printed(mistral, api):
    document = json.loads('{"d": ' + "[" * 300 + "]" * 300 + "}")
    api.respond(200, execution_resource(params={"env": document}))

    result = mistral("execution-get-env", EXECUTION_ID)

    assert result.code == 0
    assert json.loads(result.stdout) == document
