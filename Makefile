# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VERIFICATION := $(VENV)/.verification

.PHONY: run test bench schemathesis charge clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cotation serve

test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/pytest

# Benchmarks on PostgreSQL (not tests): BENCH_DEMANDES=2000 make bench for a quick run.
bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.lancer

$(VERIFICATION): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,verification]'
	touch $(VERIFICATION)

# The HTTP service checked from outside (not tests; their output goes to docs/benchmarks.md):
# schemathesis against its OpenAPI document (SQLite, loopback), and a 60 s load test (PostgreSQL).
schemathesis: $(VERIFICATION)
	$(BIN)/python -m tests.verification.schemathesis_service

charge: $(STAMP)
	$(BIN)/python -m tests.verification.charge

clean:
	rm -rf $(VENV) data
