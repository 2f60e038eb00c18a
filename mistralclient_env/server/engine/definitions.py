"""Workflow definitions: upload, update, read, list and delete."""

import logging

from sqlalchemy import select

from mistralclient_env.server import dsl
from mistralclient_env.server.db import models
from mistralclient_env.server.db.query import fetch_page
from mistralclient_env.server.engine import views
from mistralclient_env.server.engine.errors import ConflictError, InvalidInputError, NotFoundError
from mistralclient_env.server.engine.specs import checksum
from mistralclient_env.server.engine.workflow_lookup import find_workflow_definition

LOG = logging.getLogger(__name__)

SCOPES = ("private", "public")


def _parse(engine, definition):
    if not definition or not definition.strip():
        raise InvalidInputError("The workflow definition is empty: send the YAML text as the request body.")
    return list(engine.specs.workflows(definition).values())


def _check_scope(scope):
    if scope not in SCOPES:
        raise InvalidInputError(f"Invalid scope '{scope}': use private or public.")


def _fill(row, spec, definition, scope):
    row.definition = definition
    row.checksum = checksum(definition)
    row.tags = list(spec.tags)
    row.scope = scope
    row.input = dsl.input_string(spec)
    row.interface = dsl.workflow_interface(spec)


def validate_workflows(engine, definition):
    """Check a document without storing it.

    Returns ``{"valid": True}``, or ``{"valid": False, "error": message}``
    with the message a create would have been rejected with.
    """
    try:
        _parse(engine, definition)
    except InvalidInputError as error:
        return {"valid": False, "error": str(error)}

    return {"valid": True}


def create_workflows(engine, definition, namespace, scope):
    """Store every workflow of a document; a name already used in the namespace is a conflict."""
    _check_scope(scope)
    specs = _parse(engine, definition)
    namespace = namespace or ""

    with engine.db.write() as session:
        created = []
        for spec in specs:
            existing = session.scalars(select(models.WorkflowDefinition.id).where(
                models.WorkflowDefinition.name == spec.name,
                models.WorkflowDefinition.namespace == namespace,
            )).first()
            if existing:
                raise ConflictError(
                    f"A workflow named '{spec.name}' already exists in namespace '{namespace}'; "
                    "update it instead, or delete it first."
                )
            row = models.WorkflowDefinition(name=spec.name, namespace=namespace, created_at=models.utcnow())
            _fill(row, spec, definition, scope)
            session.add(row)
            created.append(row)
        session.flush()

        LOG.info("Created workflows %s in namespace '%s'", ", ".join(spec.name for spec in specs), namespace)
        return [views.workflow_dict(row) for row in created]


def update_workflows(engine, definition, namespace, scope, identifier=None):
    """Replace the definition of existing workflows; with ``identifier``, of that one workflow.

    Executions that already started keep the definition they started with.
    """
    _check_scope(scope)
    specs = _parse(engine, definition)
    namespace = namespace or ""

    if identifier is not None and len(specs) != 1:
        raise InvalidInputError(
            f"Invalid definition: it contains {len(specs)} workflows, and an update of workflow {identifier} "
            "needs exactly one."
        )

    with engine.db.write() as session:
        updated = []
        for spec in specs:
            if identifier is not None:
                row = find_workflow_definition(session, identifier, namespace)
                if row is not None and row.name != spec.name:
                    raise InvalidInputError(
                        f"Workflow {identifier} is named '{row.name}', but the definition names '{spec.name}'."
                    )
            else:
                row = find_workflow_definition(session, spec.name, namespace)
            if row is None:
                raise NotFoundError(f"Workflow not found: '{identifier or spec.name}' in namespace '{namespace}'.")
            _fill(row, spec, definition, scope)
            row.updated_at = models.utcnow()
            updated.append(row)
        session.flush()

        LOG.info("Updated workflows %s in namespace '%s'", ", ".join(spec.name for spec in specs), namespace)
        return [views.workflow_dict(row) for row in updated]


def get_workflow(engine, identifier, namespace=""):
    with engine.db.read() as session:
        row = find_workflow_definition(session, identifier, namespace)
        if row is None:
            raise NotFoundError(f"Workflow not found: '{identifier}' in namespace '{namespace or ''}'.")
        return views.workflow_dict(row)


def list_workflows(engine, query):
    with engine.db.read() as session:
        return [views.workflow_dict(row) for row in fetch_page(session, models.WorkflowDefinition, query)]


def delete_workflow(engine, identifier, namespace=""):
    """Delete a workflow; its executions stay readable and running ones carry on."""
    with engine.db.write() as session:
        row = find_workflow_definition(session, identifier, namespace)
        if row is None:
            raise NotFoundError(f"Workflow not found: '{identifier}' in namespace '{namespace or ''}'.")
        name = row.name
        session.delete(row)
    LOG.info("Deleted workflow %s", name)
