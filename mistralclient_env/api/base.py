"""Resource and ResourceManager, the shared parts of every manager."""

import uuid
from urllib.parse import quote

from mistralclient_env.api import wire
from mistralclient_env.exceptions import InputError


class Resource:
    """One resource as the API returned it, with its JSON-typed fields decoded.

    Fields are read as items (``execution["state"]``), with ``get`` for
    fields a list response may leave out, or as attributes. ``json_fields``
    names the fields that arrive as JSON-encoded strings.
    """

    json_fields = ()

    def __init__(self, data):
        self._data = dict(data)
        for field in self.json_fields:
            if field in self._data:
                self._data[field] = wire.decode_json_field(self._data[field])

    def __getitem__(self, field):
        return self._data[field]

    def __contains__(self, field):
        return field in self._data

    def __getattr__(self, field):
        try:
            return self.__dict__["_data"][field]
        except KeyError:
            raise AttributeError(field) from None

    def __eq__(self, other):
        return type(self) is type(other) and self._data == other._data

    def __repr__(self):
        # Only the id: the other fields may hold env or input values.
        return f"<{type(self).__name__} {self._data.get('id', self._data.get('name'))}>"

    def get(self, field, default=None):
        return self._data.get(field, default)

    def to_dict(self):
        """Return a copy of the fields, JSON-typed fields decoded."""
        return dict(self._data)


class ResourceManager:
    """Base of the managers, which keeps the HTTPClient and builds resources."""

    resource_class = Resource

    def __init__(self, http):
        self.http = http

    def _resource(self, body):
        return self.resource_class(body)

    def _resources(self, body, collection):
        return [self.resource_class(item) for item in body.get(collection, [])]


def resource_path(collection, identifier):
    """Return ``/collection/identifier`` with the identifier URL-quoted.

    :raises InputError: the identifier is empty, which would address the
        collection instead of one resource.
    """
    if not identifier:
        raise InputError(f"An id or name is required for /{collection}, but it is empty.")

    return f"/{collection}/{quote(str(identifier), safe='')}"


def list_query(marker=None, limit=None, sort_keys=None, sort_dirs=None, fields=None, filters=None):
    """Return the query of a list request as ordered (name, value) pairs.

    Order and omissions follow OpenStack's client: ``marker`` when given,
    ``limit`` when positive, ``sort_keys``, ``sort_dirs`` and ``fields``
    comma-joined when given, then each filter (``name=value`` or
    ``name=op:value``) in the order given.
    """
    query = []

    if marker:
        query.append(("marker", marker))
    if limit is not None and limit > 0:
        query.append(("limit", limit))
    if sort_keys:
        query.append(("sort_keys", comma_join(sort_keys)))
    if sort_dirs:
        query.append(("sort_dirs", comma_join(sort_dirs)))
    if fields:
        query.append(("fields", comma_join(fields)))

    for name, value in (filters or {}).items():
        query.append((name, value))

    return query


def is_uuid(value):
    """Return whether ``value`` is a UUID string, the form of Mistral ids."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def comma_join(value):
    if isinstance(value, str):
        return value
    return ",".join(value)
