"""REST resources of the bundled server: tiny Falcon classes that parse, call the Engine, encode."""
