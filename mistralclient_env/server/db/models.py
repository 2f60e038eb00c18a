"""SQLAlchemy models of the bundled server.

Every attribute that the API shows has the wire field's name
(``workflow_execution_id``, ``state_info``, ``created_at`` ...), JSON-typed wire
fields are JSON columns, and timestamps are naive UTC datetimes. The list
queries in ``db.query`` rely on that convention. Attributes that the API never
shows (``definition`` of an execution, ``context``, ``item_index`` ...) are the
engine's bookkeeping.

Columns that can be large (an execution's output, a task's result, an action
execution's output) are deferred, so a list query does not load them.
"""

import datetime
import uuid

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column

DEFAULT_PROJECT = "<default-project>"


def utcnow():
    """Return the current UTC time as a naive datetime, as every column stores it."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def new_id():
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    pass


class _Timestamps:
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime.datetime | None] = mapped_column(
        DateTime, nullable=True, onupdate=utcnow
    )


class WorkflowDefinition(_Timestamps, Base):
    """One workflow of an uploaded document.

    ``definition`` is the whole document text it came from, ``input`` the
    workflow list's input column (``"url, retries=3"``) and ``interface`` its
    input and output names.
    """

    __tablename__ = "workflow_definitions"
    __table_args__ = (UniqueConstraint("name", "namespace"),)

    name: Mapped[str] = mapped_column(String(255), index=True)
    namespace: Mapped[str] = mapped_column(String(255), default="")
    definition: Mapped[str] = mapped_column(Text)
    checksum: Mapped[str] = mapped_column(String(64))
    tags: Mapped[list] = mapped_column(JSON, default=list)
    scope: Mapped[str] = mapped_column(String(16), default="private")
    project_id: Mapped[str] = mapped_column(String(80), default=DEFAULT_PROJECT)
    input: Mapped[str] = mapped_column(Text, default="")
    interface: Mapped[dict] = mapped_column(JSON, default=dict)


class WorkflowExecution(_Timestamps, Base):
    """A run of a workflow: a root execution or a sub-workflow of a task.

    ``params["env"]`` of the root is the env of the whole tree; sub-executions
    keep ``{}`` there. ``env_revision`` is the root's current env revision
    number. ``definition`` is a snapshot of the workflow document taken at
    start, so that a later update or deletion of the workflow does not change
    a running execution. ``context`` is the data context ``$``: input, vars
    and everything published so far. ``accepted`` is False for a sub-execution
    that a rerun, a timeout or a stop superseded. ``runtime_context`` holds
    ``index`` (the with-items iteration of the parent task) and ``depth``.
    """

    __tablename__ = "workflow_executions"

    workflow_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    workflow_name: Mapped[str] = mapped_column(String(255), index=True)
    workflow_namespace: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list | None] = mapped_column(JSON, nullable=True)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    task_execution_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    root_execution_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    state_info: Mapped[str | None] = mapped_column(Text, nullable=True)
    input: Mapped[dict] = mapped_column(JSON, default=dict)
    output: Mapped[dict] = deferred(mapped_column(JSON, default=dict))
    project_id: Mapped[str] = mapped_column(String(80), default=DEFAULT_PROJECT)
    runtime_context: Mapped[dict] = mapped_column(JSON, default=dict)
    accepted: Mapped[bool] = mapped_column(Boolean, default=True)
    env_revision: Mapped[int] = mapped_column(Integer, default=0)
    definition: Mapped[str] = deferred(mapped_column(Text))
    context: Mapped[dict] = deferred(mapped_column(JSON, default=dict))

    @property
    def tree_id(self):
        """Id of the root execution of this execution's tree."""
        return self.root_execution_id or self.id


class TaskExecution(_Timestamps, Base):
    """One run of a task of a workflow execution.

    A rerun keeps the same row and id. ``runtime_context`` contains the engine's
    bookkeeping (see ``engine.controller``): ``iterations`` with the state of
    each with-items iteration, ``with_items`` with the evaluated items,
    ``triggered_by``, ``timer`` for a pending wait or retry, ``held`` for a task
    that waits for its execution to run again, and ``attempt``.
    ``env_revision`` is the env revision of the root execution that the latest
    attempt started with. ``root_execution_id`` is the id of the tree's root.
    """

    __tablename__ = "task_executions"
    # The engine looks up the tasks of one execution by name, and the few
    # that are not settled (active, or completed with transitions to follow)
    # on every step, so these lookups must not scan the whole execution.
    __table_args__ = (
        Index("ix_task_executions_execution_name", "workflow_execution_id", "name"),
        Index("ix_task_executions_execution_state", "workflow_execution_id", "state"),
        Index("ix_task_executions_execution_processed", "workflow_execution_id", "processed"),
    )

    name: Mapped[str] = mapped_column(String(255), index=True)
    type: Mapped[str] = mapped_column(String(10), default="ACTION")
    workflow_name: Mapped[str] = mapped_column(String(255))
    workflow_namespace: Mapped[str] = mapped_column(String(255), default="")
    workflow_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    workflow_execution_id: Mapped[str] = mapped_column(String(36), index=True)
    root_execution_id: Mapped[str] = mapped_column(String(36), index=True)
    tags: Mapped[list | None] = mapped_column(JSON, nullable=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    state_info: Mapped[str | None] = mapped_column(Text, nullable=True)
    project_id: Mapped[str] = mapped_column(String(80), default=DEFAULT_PROJECT)
    runtime_context: Mapped[dict] = mapped_column(JSON, default=dict)
    result: Mapped[object] = deferred(mapped_column(JSON, nullable=True))
    published: Mapped[dict] = mapped_column(JSON, default=dict)
    processed: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime.datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[datetime.datetime | None] = mapped_column(DateTime, nullable=True)
    env_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ActionExecution(_Timestamps, Base):
    """One run of an action for a task (one per attempt and with-items iteration).

    ``accepted`` turns False when a retry, a rerun or a timeout supersedes the
    run; the row stays as history. ``item_index`` is the with-items iteration
    (0 for a task without with-items). ``output`` is ``{"result": ...}``.
    """

    __tablename__ = "action_executions"

    name: Mapped[str] = mapped_column(String(255))
    workflow_name: Mapped[str] = mapped_column(String(255))
    workflow_namespace: Mapped[str] = mapped_column(String(255), default="")
    task_name: Mapped[str] = mapped_column(String(255))
    task_execution_id: Mapped[str] = mapped_column(String(36), index=True)
    workflow_execution_id: Mapped[str] = mapped_column(String(36), index=True)
    root_execution_id: Mapped[str] = mapped_column(String(36), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    state_info: Mapped[str | None] = mapped_column(Text, nullable=True)
    tags: Mapped[list | None] = mapped_column(JSON, nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    project_id: Mapped[str] = mapped_column(String(80), default=DEFAULT_PROJECT)
    accepted: Mapped[bool] = mapped_column(Boolean, default=True)
    input: Mapped[dict] = mapped_column(JSON, default=dict)
    output: Mapped[dict | None] = deferred(mapped_column(JSON, nullable=True))
    item_index: Mapped[int] = mapped_column(Integer, default=0)


class Environment(_Timestamps, Base):
    """A stored environment: named variables that an execution can start with."""

    __tablename__ = "environments"

    name: Mapped[str] = mapped_column(String(255), unique=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    variables: Mapped[dict] = mapped_column(JSON, default=dict)
    scope: Mapped[str] = mapped_column(String(16), default="private")
    project_id: Mapped[str] = mapped_column(String(80), default=DEFAULT_PROJECT)


class EnvRevision(Base):
    """One change of a root execution's env: when, why, and which keys.

    ``cause`` is one of ``start``, ``resume``, ``rerun``, ``update``.
    ``changed_keys`` lists dotted key paths (``"api.token"``), never values.
    """

    __tablename__ = "env_revisions"
    __table_args__ = (UniqueConstraint("execution_id", "revision"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    execution_id: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    cause: Mapped[str] = mapped_column(String(16))
    changed_keys: Mapped[list] = mapped_column(JSON, default=list)
