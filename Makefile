# Set-up and test entry points. Every target creates .venv when it is missing,
# so `make test` and `make demo` work on a fresh clone.

PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PIP_FLAGS ?= --quiet --disable-pip-version-check

.PHONY: test demo bench venv clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_FLAGS) --upgrade pip

venv: $(BIN)/python

# The stamp files record which extras are installed, so a second run skips pip.
$(VENV)/.installed-test: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install $(PIP_FLAGS) -e '.[server,test]'
	touch $@

$(VENV)/.installed-server: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install $(PIP_FLAGS) -e '.[server]'
	touch $@

test: $(VENV)/.installed-test
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/pytest

demo: $(VENV)/.installed-server
	PATH="$(CURDIR)/$(BIN):$$PATH" examples/outage-recovery/run.sh

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/cli_startup.py
	$(BIN)/python benchmarks/server_api.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
