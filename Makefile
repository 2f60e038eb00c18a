# Set-up and test entry points. Every target creates .venv when it is missing,
# so `make test` and `make demo` work on a fresh clone.

PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PIP_FLAGS ?= --quiet --disable-pip-version-check

# OpenStack's python-mistralclient, which the compatibility tests drive
# against our server. Its console script is also called `mistral`, so it
# gets a virtual environment of its own and is passed to the tests by path.
OSC_VENV ?= .venv-osc
OSC_VERSION = 6.3.0
OPENSTACK_MISTRAL = $(CURDIR)/$(OSC_VENV)/bin/mistral

.PHONY: test demo bench venv clean check-python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_FLAGS) --upgrade pip

# A .venv left from an older interpreter is not rebuilt by make, so say how.
check-python: $(BIN)/python
	@$(BIN)/python -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 13))' || \
	  { echo "$(VENV) uses Python $$($(BIN)/python -V 2>&1 | cut -d' ' -f2), but 3.10 to 3.13 is needed:" \
	         "run 'make clean', then again with PYTHON=python3.X" >&2; exit 1; }

venv: $(BIN)/python

# The stamp files record which extras are installed, so a second run skips pip.
$(VENV)/.installed-test: setup.cfg pyproject.toml | check-python
	$(BIN)/pip install $(PIP_FLAGS) -e '.[server,test]'
	touch $@

$(VENV)/.installed-server: setup.cfg pyproject.toml | check-python
	$(BIN)/pip install $(PIP_FLAGS) -e '.[server]'
	touch $@

$(OSC_VENV)/.installed-$(OSC_VERSION):
	rm -rf $(OSC_VENV)
	$(PYTHON) -m venv $(OSC_VENV)
	$(OSC_VENV)/bin/pip install $(PIP_FLAGS) python-mistralclient==$(OSC_VERSION)
	touch $@

test: $(VENV)/.installed-test $(OSC_VENV)/.installed-$(OSC_VERSION)
	OPENSTACK_MISTRAL="$(OPENSTACK_MISTRAL)" PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/pytest

demo: $(VENV)/.installed-server
	PATH="$(CURDIR)/$(BIN):$$PATH" bash examples/outage-recovery/run.sh

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/cli_startup.py
	$(BIN)/python benchmarks/server_api.py
	$(BIN)/python benchmarks/long_chain.py

clean:
	rm -rf $(VENV) $(OSC_VENV) .pytest_cache build *.egg-info
