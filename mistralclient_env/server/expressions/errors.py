"""Errors of expression evaluation."""

_MAX_SHOWN_LENGTH = 200

SYNTAX_ERROR = "a syntax error"
UNDEFINED = "an undefined name, key or attribute"
UNKNOWN_FUNCTION = "an unknown function or operator, or one that does not accept these arguments"


class ExpressionError(Exception):
    """An expression that failed to evaluate.

    ``expression`` is the expression text with its delimiters, as written in
    the workflow. ``reason`` never contains the data context or env values:
    the evaluators build it from the error type and redact context values,
    but it may quote names from the expression itself. ``kind`` describes
    the failure without quoting anything from the expression or its data
    (``"a syntax error"``, ``"ZeroDivisionError"``, a limit), for messages
    about an expression that came from env or input, which may be a secret.
    """

    def __init__(self, expression, reason, kind=None):
        self.expression = _shorten(expression)
        self.reason = reason
        self.kind = kind or "an evaluation error"
        super().__init__(f"Failed to evaluate {self.expression}: {reason}")


class ExpressionSyntaxError(ExpressionError):
    """An expression that cannot be parsed, raised before any evaluation."""

    def __init__(self, expression, reason):
        super().__init__(expression, reason, kind=SYNTAX_ERROR)
        self.args = (f"Invalid expression {self.expression}: {reason}",)


class EnvExpressionError(ExpressionError):
    """An expression inside a start env that failed to evaluate.

    ``path`` is the tuple of keys (and list indexes) of the value inside the
    env. The message names the path and the kind of failure only: the value
    and the reason may quote the text of the value, which may be a secret.
    """

    def __init__(self, path, kind):
        self.path = tuple(path)
        self.expression = ""
        self.reason = kind
        self.kind = kind
        Exception.__init__(self, f"The value at {format_path(self.path)} is an expression that failed to evaluate ({kind})")


def format_path(path):
    """Return a key path as text: ``db.password`` for keys, ``hosts[2]`` for a list index."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _shorten(text):
    if len(text) <= _MAX_SHOWN_LENGTH:
        return text

    return text[:_MAX_SHOWN_LENGTH] + "..."
