"""Functions that YAQL and Jinja2 expressions call, as Mistral names them.

Each takes the ExpressionContext first, which the evaluators bind. Mistral's
``tasks()``, ``executions()`` and ``global()`` query its database and are
not provided.
"""

import json
import uuid as uuid_module

import yaml

from mistralclient_env.server.expressions.context import to_plain


def env(context):
    """Return the env of the root execution."""
    return context.env


def execution(context):
    """Return the execution dict the engine passed in."""
    return context.execution


def task(context, name=None):
    """Return the current task, or the latest task execution named ``name``, or None."""
    return context.task(name)


def json_parse(context, text):
    """Parse a JSON string."""
    return json.loads(text)


def json_dump(context, data):
    """Return ``data`` as indented JSON text."""
    return json.dumps(to_plain(data), indent=4)


def yaml_parse(context, text):
    """Parse a YAML string with the safe loader."""
    return yaml.safe_load(text)


def yaml_dump(context, data):
    """Return ``data`` as block-style YAML text."""
    return yaml.safe_dump(to_plain(data), default_flow_style=False)


def uuid(context=None):
    """Return a new random UUID string."""
    return str(uuid_module.uuid4())


FUNCTIONS = {
    "env": env,
    "execution": execution,
    "task": task,
    "json_parse": json_parse,
    "json_dump": json_dump,
    "yaml_parse": yaml_parse,
    "yaml_dump": yaml_dump,
    "uuid": uuid,
}
