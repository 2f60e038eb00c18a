"""The bundled server's engine: states, env merge, workflow controller, action runner.

The REST layer calls ``engine.facade.Engine``. This package module imports
nothing, because the workflow language imports ``engine.errors`` and
``engine.states`` and the facade imports the workflow language.
"""
