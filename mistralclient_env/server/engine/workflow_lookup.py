"""Find a workflow definition by id or name, and complete a workflow's input with its defaults."""

from sqlalchemy import select

from mistralclient_env.server.db import models
from mistralclient_env.server.engine.errors import InvalidInputError


def find_workflow_definition(session, identifier, namespace=""):
    """Return the workflow definition with that id, or that name in ``namespace``, or None."""
    definition = session.get(models.WorkflowDefinition, identifier)
    if definition is not None:
        return definition

    statement = select(models.WorkflowDefinition).where(
        models.WorkflowDefinition.name == identifier,
        models.WorkflowDefinition.namespace == (namespace or ""),
    )
    return session.scalars(statement).first()


def complete_input(spec, given):
    """Return the workflow input with defaults added; unknown or missing names raise InvalidInputError."""
    given = dict(given or {})
    declared = [param.name for param in spec.input]

    unexpected = sorted(set(given) - set(declared))
    if unexpected:
        raise InvalidInputError(
            f"Invalid input for workflow '{spec.name}': unexpected parameters {', '.join(unexpected)}; "
            f"it takes {', '.join(declared) or 'no parameters'}."
        )

    missing = [param.name for param in spec.input if param.required and param.name not in given]
    if missing:
        raise InvalidInputError(
            f"Invalid input for workflow '{spec.name}': missing required parameters {', '.join(missing)}."
        )

    complete = {}
    for param in spec.input:
        if param.name in given:
            complete[param.name] = given[param.name]
        elif not param.required:
            complete[param.name] = param.default
    return complete
