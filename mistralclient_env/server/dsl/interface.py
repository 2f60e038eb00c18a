"""Workflow input and output as Mistral's API shows them."""


def workflow_interface(spec):
    """Return ``{"input": [...], "output": [...]}`` as Mistral's workflow resource shows it.

    ``input`` lists each parameter as written: a bare name, or a one-key
    mapping ``{name: default}``. ``output`` lists the names of the output keys.
    """
    inputs = [
        param.name if param.required else {param.name: param.default}
        for param in spec.input
    ]
    output = list(spec.output) if isinstance(spec.output, dict) else []

    return {"input": inputs, "output": output}


def input_string(spec):
    """Return the text of the ``input`` column of the workflow list.

    Mistral (since 10.0.0) writes a parameter with a default as
    ``name="default"``, with Python's ``str()`` of the default between the
    quotes, so ``[url, {retries: 3}]`` reads ``url, retries="3"``.
    """
    parts = [
        param.name if param.required else f'{param.name}="{param.default}"'
        for param in spec.input
    ]

    return ", ".join(parts)
