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

NODE_STAMP := node_modules/.installed
# Playwright drives Debian's Chromium (/usr/bin/chromium); it never downloads a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help venv serve test lint publish unit browser-deps browser screenshots content-check

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | sort

$(VENV)/.installed: requirements-dev.txt constraints.txt layers/core/requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements-dev.txt -c constraints.txt
	@touch $@

venv: $(VENV)/.installed ## create .venv with the pinned dependencies

# axe-core and the Nu checker (vnu-jar) at the versions package-lock.json pins. --ignore-scripts:
# vnu-jar's install script would fetch a Java runtime; we use the system's (.ci/run installs it).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

browser-deps: $(NODE_STAMP) ## install the browser suite's npm packages (axe-core, vnu-jar)

serve: venv ## serve the whole site on http://127.0.0.1:$(PORT) against embedded DynamoDB
	$(BIN)/python -m local.server --port $(PORT)

publish: venv ## publish content/ to the DynamoDB endpoint boto3 is configured for (AWS_ENDPOINT_URL_DYNAMODB)
	$(BIN)/python -m local.publish

content-check: venv ## validate and lint content/ (alt text, headings, link text, reading grade, reviews)
	$(BIN)/python -m local.content_check $(if $(MAX_GRADE),--max-grade $(MAX_GRADE))

lint: venv ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

unit: venv ## unit and integration tests only (fast)
	$(BIN)/pytest -m "not browser and not deploy"

browser: venv $(NODE_STAMP) ## the browser suite only (Chromium: axe, Nu checker, reflow, keyboard)
	$(BIN)/pytest -m browser

screenshots: venv $(NODE_STAMP) ## PNGs of every page (standard, high contrast, largest text, 320 px) in screenshots/
	PYTHONPATH=layers/core $(BIN)/python -m tests.browser.screenshots

test: lint content-check $(NODE_STAMP) ## every check and test
	$(BIN)/pytest
