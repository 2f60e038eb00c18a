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

    def __init__(self, size=128, executions=1024):
        self._size = size
        self._executions_size = executions
        self._lock = threading.Lock()
        self._documents = collections.OrderedDict()  # checksum -> {name: WorkflowSpec}
        self._executions = collections.OrderedDict()  # execution id -> WorkflowSpec

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

    def execution_workflow(self, execution):
        """Return the WorkflowSpec that a workflow execution runs, cached by the execution's id.

        An execution keeps the definition it started with, so after the first
        call its ``definition`` column (deferred, and as long as the whole
        document) is neither loaded nor hashed again on each engine step.
        """
        with self._lock:
            spec = self._executions.get(execution.id)
            if spec is not None:
                self._executions.move_to_end(execution.id)
                return spec

        spec = self.workflow(execution.definition, execution.workflow_name)

        with self._lock:
            self._executions[execution.id] = spec
            while len(self._executions) > self._executions_size:
                self._executions.popitem(last=False)

        return spec
