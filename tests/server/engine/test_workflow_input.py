"""The input of a workflow execution: defaults, unknown and missing parameters."""

import pytest

from mistralclient_env.server.dsl.spec import InputParam, WorkflowSpec
from mistralclient_env.server.engine.controller import complete_input
from mistralclient_env.server.engine.errors import InvalidInputError

SPEC = WorkflowSpec(name="wf", tasks={}, input=(InputParam("url"), InputParam("retries", 3)))


def test_defaults_are_added():
    assert complete_input(SPEC, {"url": "u"}) == {"url": "u", "retries": 3}


def test_given_value_wins_over_default():
    assert complete_input(SPEC, {"url": "u", "retries": 0}) == {"url": "u", "retries": 0}


def test_missing_required_parameter_is_named():
    with pytest.raises(InvalidInputError) as raised:
        complete_input(SPEC, {})

    assert "missing required parameters url" in str(raised.value)


def test_unexpected_parameter_is_named_without_its_value():
    with pytest.raises(InvalidInputError) as raised:
        complete_input(SPEC, {"url": "u", "token": "value-not-shown"})

    assert "token" in str(raised.value)
    assert "value-not-shown" not in str(raised.value)
