"""Functions that YAQL and Jinja2 expressions call, as Mistral names them.

Each takes the ExpressionContext first, which the evaluators bind. Mistral's
``tasks()``, ``executions()`` and ``global()`` query its database and are
not provided.
"""

import json
import uuid as uuid_module

import yaml

from mistralclient_env.server.expressions import limits
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
    """Return ``data`` as indented JSON text; raise LimitExceeded for data over the size limit."""
    limits.check_size(data, "the data to dump")
    return json.dumps(to_plain(data), indent=4)


def yaml_parse(context, text):
    """Parse a YAML string with the safe loader.

    Raises ValueError naming the problem and its position: PyYAML's own
    message quotes lines of the text, which may come from env.
    """
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        where = f" at line {error.problem_mark.line + 1}, column {error.problem_mark.column + 1}" if error.problem_mark else ""
        raise ValueError(f"invalid YAML: {error.problem}{where}") from None
    except yaml.YAMLError as error:
        raise ValueError(f"invalid YAML ({type(error).__name__})") from None


def yaml_dump(context, data):
    """Return ``data`` as block-style YAML text; raise LimitExceeded for data over the size limit."""
    limits.check_size(data, "the data to dump")
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
