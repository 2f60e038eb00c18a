"""Parsed workflow documents, cached by the text of the document."""

import collections
import hashlib
import threading

from mistralclient_env.server import dsl


def checksum(text):
    """Return the SHA-256 of a definition text, as hex (the workflow's ``checksum``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SpecCache:
    """Parse each distinct document once; keep the most recently used ones.

    Executions store the document they started from, so the same text is
    parsed again only after it left the cache.
    """

    def __init__(self, size=128):
        self._size = size
        self._lock = threading.Lock()
        self._documents = collections.OrderedDict()  # checksum -> {name: WorkflowSpec}

    def workflows(self, text):
        """Return ``{name: WorkflowSpec}`` of a document; raises DSLError when invalid."""
        key = checksum(text)

        with self._lock:
            if key in self._documents:
                self._documents.move_to_end(key)
                return self._documents[key]

        specs = {spec.name: spec for spec in dsl.parse_document(text)}

        with self._lock:
            self._documents[key] = specs
            while len(self._documents) > self._size:
                self._documents.popitem(last=False)

        return specs

    def workflow(self, text, name):
        return self.workflows(text)[name]
