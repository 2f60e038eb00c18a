"""Workflow language v2, direct workflows only: parse, validate, describe.

``parse_document`` turns a YAML definition into WorkflowSpec objects
(``dsl.spec``) or raises DSLError naming the path of the first problem.
"""

from mistralclient_env.server.dsl.interface import input_string, workflow_interface
from mistralclient_env.server.dsl.parser import parse_document

__all__ = ["input_string", "parse_document", "workflow_interface"]
