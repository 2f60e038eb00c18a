"""Mistral v2 client for updating the env of executions, and a reference server."""

import logging

__version__ = "0.1.0"

# Only the `mistral` App and the server's command line configure handlers.
logging.getLogger(__name__).addHandler(logging.NullHandler())
