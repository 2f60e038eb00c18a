"""Errors of expression evaluation."""

_MAX_SHOWN_LENGTH = 200


class ExpressionError(Exception):
    """An expression that failed to evaluate.

    ``expression`` is the expression text with its delimiters, as written in
    the workflow. ``reason`` never contains the data context or env values:
    the evaluators build it from the error type and redact context values.
    """

    def __init__(self, expression, reason):
        self.expression = _shorten(expression)
        self.reason = reason
        super().__init__(f"Failed to evaluate {self.expression}: {reason}")


class ExpressionSyntaxError(ExpressionError):
    """An expression that cannot be parsed, raised before any evaluation."""

    def __init__(self, expression, reason):
        super().__init__(expression, reason)
        self.args = (f"Invalid expression {self.expression}: {reason}",)


def _shorten(text):
    if len(text) <= _MAX_SHOWN_LENGTH:
        return text

    return text[:_MAX_SHOWN_LENGTH] + "..."
