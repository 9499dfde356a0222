# Readwell. `make serve` and `make test` are all a newcomer needs; each target installs what it uses.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 3000
VENV := .venv
BIN := $(abspath $(VENV))/bin
# Python 3.13 (Lambda's runtime) where the machine has it, else python3.
PYTHON := $(shell for p in python3.13 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13) python3; do \
	$$p -c 'import sys' >/dev/null 2>&1 && { echo $$p; break; }; done)
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check
export SAM_CLI_TELEMETRY := 0

.PHONY: help venv serve test lint publish unit security

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | sort

$(VENV)/.installed: requirements-dev.txt constraints.txt layers/core/requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements-dev.txt -c constraints.txt
	@touch $@

venv: $(VENV)/.installed ## create .venv with the pinned dependencies

serve: venv ## serve the whole site on http://127.0.0.1:$(PORT) against embedded DynamoDB
	$(BIN)/python -m local.server --port $(PORT)

publish: venv ## publish content/ to the DynamoDB endpoint boto3 is configured for (AWS_ENDPOINT_URL_DYNAMODB)
	$(BIN)/python -m local.publish

lint: venv ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

unit: venv ## unit and integration tests only (fast)
	$(BIN)/pytest -m "not browser and not deploy"

security: venv ## bandit over our code; pip-audit over the pins (says so when it cannot reach its service)
	$(BIN)/bandit -q -r layers functions local
	$(BIN)/python -m local.audit_dependencies

test: lint security ## every check and test
	$(BIN)/pytest
