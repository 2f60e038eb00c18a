"""Stored environments: named variables that an execution can start with."""

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mistralclient_env.server.db import models
from mistralclient_env.server.db.query import fetch_page
from mistralclient_env.server.engine import views
from mistralclient_env.server.engine.env import json_type_name
from mistralclient_env.server.engine.errors import ConflictError, InvalidInputError, NotFoundError

LOG = logging.getLogger(__name__)


def _find(session, name):
    environment = session.scalars(select(models.Environment).where(models.Environment.name == name)).first()
    if environment is None:
        raise NotFoundError(f"Environment not found: '{name}'")
    return environment


def _check_variables(variables):
    if not isinstance(variables, dict):
        raise InvalidInputError(
            f"Invalid variables: expected a mapping, received {json_type_name(variables)}."
        )


def create_environment(engine, name, variables, description=None, scope="private"):
    _check_variables(variables)
    try:
        with engine.db.write() as session:
            if session.scalars(select(models.Environment.id).where(models.Environment.name == name)).first():
                raise ConflictError(f"An environment named '{name}' already exists; update it or pick another name.")
            environment = models.Environment(
                name=name, description=description, variables=variables, scope=scope or "private",
                created_at=models.utcnow(),
            )
            session.add(environment)
            session.flush()
            LOG.info("Created environment %s (%s)", environment.id, name)
            return views.environment_dict(environment)
    except IntegrityError:
        raise ConflictError(f"An environment named '{name}' already exists; update it or pick another name.") from None


def get_environment(engine, name):
    with engine.db.read() as session:
        return views.environment_dict(_find(session, name))


def list_environments(engine, query):
    with engine.db.read() as session:
        return [views.environment_dict(row) for row in fetch_page(session, models.Environment, query)]


def update_environment(engine, name, **changes):
    """Change description, variables or scope; variables are replaced as a whole, not merged."""
    if "variables" in changes:
        _check_variables(changes["variables"])

    with engine.db.write() as session:
        environment = _find(session, name)
        for field in ("description", "variables", "scope"):
            if field in changes:
                setattr(environment, field, changes[field])
        environment.updated_at = models.utcnow()
        session.flush()
        LOG.info("Updated environment %s (%s): %s", environment.id, name, ", ".join(sorted(changes)) or "nothing")
        return views.environment_dict(environment)


def delete_environment(engine, name):
    with engine.db.write() as session:
        session.delete(_find(session, name))
    LOG.info("Deleted environment %s", name)
