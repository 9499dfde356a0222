# Readwell. `make serve` and `make test` are all a newcomer needs; each target installs what it uses.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 3000
VENV := .venv
ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
BIN := $(ROOT)/$(VENV)/bin
# Python 3.13 (Lambda's runtime) where the machine has it, else python3.
PYTHON := $(shell for p in python3.13 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13) python3; do \
	$$p -c 'import sys' >/dev/null 2>&1 && { echo $$p; break; }; done)
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# uv installs the same pins as pip several times faster; it lives in .venv (its version in constraints.txt) and
# installs every venv here. pip stays in each venv: `sam build` runs the build-* targets below with it.
UV := $(BIN)/uv
UV_INSTALL := $(UV) pip install --quiet
export SAM_CLI_TELEMETRY := 0

NODE_STAMP := node_modules/.installed
# Playwright drives Debian's Chromium (/usr/bin/chromium); it never downloads a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

# The SAM CLI lives in its own venv: it pins boto3 exactly, and our code and tests choose their own.
SAM_VENV := .venv-sam
SAM := $(ROOT)/$(SAM_VENV)/bin/sam
# Template checkers that pin their own dependencies (checkov) live in a third venv, for the same reason.
TOOLS_VENV := .venv-tools

.PHONY: help venv sam-venv tools-venv serve test lint publish feedback unit browser-deps browser screenshots icons \
	content-check build validate deploy deploy-rehearsal bench security lock

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | sort

# Every venv installs from a lockfile in locks/ (exact versions with hashes, checked on install), which
# `make lock` compiles from the requirements-*.txt files and the versions their constraints*.txt choose.
$(UV): locks/uv.txt
	@echo "setup: creating $(VENV) with $(notdir $(PYTHON)) and uv"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(PIP_INSTALL) --require-hashes --no-deps -r locks/uv.txt
	@touch $@

# `make serve` needs only this part of .venv (about 170 MB); `make venv` adds the test toolchain to it.
$(VENV)/.serve-installed: locks/serve.txt | $(UV)
	@echo "serve: installing the runtime, moto and the SAM transform into $(VENV) (first run only: about 30 s)"
	@$(UV_INSTALL) --python $(BIN)/python --require-hashes -r locks/serve.txt
	@touch $@

$(VENV)/.installed: locks/dev.txt | $(UV)
	@echo "venv: installing the test toolchain into $(VENV) (first run only: about a minute)"
	@$(UV_INSTALL) --python $(BIN)/python --require-hashes -r locks/dev.txt
	@touch $@ $(VENV)/.serve-installed

venv: $(VENV)/.installed ## create .venv with the pinned dependencies

# Each lockfile for any platform (`--universal`) and Python 3.11 and later (checkov's numpy needs 3.12).
COMPILE = $(UV) pip compile --quiet --generate-hashes --universal --custom-compile-command "make lock" --python-version
lock: | $(UV) ## regenerate locks/*.txt (every venv's packages, exact versions and hashes) after changing a requirements file
	$(COMPILE) 3.11 requirements-uv.txt -c constraints.txt -o locks/uv.txt
	$(COMPILE) 3.11 requirements-serve.txt -c constraints.txt -o locks/serve.txt
	$(COMPILE) 3.11 requirements-dev.txt -c constraints.txt -o locks/dev.txt
	$(COMPILE) 3.11 requirements-sam.txt -c constraints-sam.txt -o locks/sam.txt
	$(COMPILE) 3.12 requirements-tools.txt -c constraints-tools.txt -o locks/tools.txt

$(SAM_VENV)/.installed: locks/sam.txt | $(UV)
	@echo "sam: installing the AWS SAM CLI into $(SAM_VENV) (first run only)"
	@test -x $(SAM_VENV)/bin/python || $(PYTHON) -m venv $(SAM_VENV)
	@$(UV_INSTALL) --python $(SAM_VENV)/bin/python --require-hashes -r locks/sam.txt
	@touch $@

sam-venv: $(SAM_VENV)/.installed ## create .venv-sam with the pinned AWS SAM CLI

$(TOOLS_VENV)/.installed: locks/tools.txt | $(UV)
	@echo "tools: installing checkov, zizmor and check-jsonschema into $(TOOLS_VENV) (first run only)"
	@test -x $(TOOLS_VENV)/bin/python || $(PYTHON) -m venv $(TOOLS_VENV)
	@$(UV_INSTALL) --python $(TOOLS_VENV)/bin/python --require-hashes -r locks/tools.txt
	@touch $@

tools-venv: $(TOOLS_VENV)/.installed ## create .venv-tools with the template checkers (checkov)

# axe-core and the Nu checker (vnu-jar) at the versions package-lock.json pins. --ignore-scripts:
# vnu-jar's install script would fetch a Java runtime; we use the system's (.ci/run installs it).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

browser-deps: $(NODE_STAMP) ## install the browser suite's npm packages (axe-core, vnu-jar)

serve: $(VENV)/.serve-installed ## serve the whole site on http://127.0.0.1:$(PORT) against embedded DynamoDB (EDGE=1: behind an emulated CloudFront)
	@echo "serve: starting (moto, the tables, publishing content/), then the address to open"
	$(BIN)/python -m local.serve --port $(PORT)

publish: venv ## publish content/ as the publish function (its role, on moto) to AWS_ENDPOINT_URL_DYNAMODB
	$(BIN)/python -m local.publish

feedback: venv ## print what readers answered to "Was this page useful?" as CSV, from AWS_ENDPOINT_URL_DYNAMODB or the stack of ENV
	@$(BIN)/python -m local.feedback --env $(ENV)

content-check: venv ## validate and lint content/ (alt text, headings, link text, reading grade, reviews; with AWS_ENDPOINT_URL_DYNAMODB, no published article without its file)
	$(BIN)/python -m local.content_check $(if $(MAX_GRADE),--max-grade $(MAX_GRADE))

lint: venv ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

unit: venv ## the unit tests only (fast: no moto, no browser, no build)
	$(BIN)/pytest tests/unit

browser: venv $(NODE_STAMP) ## the browser suite only (Chromium: axe, Nu checker, reflow, keyboard)
	$(BIN)/pytest -m browser

screenshots: venv $(NODE_STAMP) ## the gallery in docs/gallery/ (every scheme, smallest and largest text) and every page in screenshots/
	PYTHONPATH=layers/core $(BIN)/python -m tests.browser.screenshots

icons: venv ## redraw the home-screen PNG from layers/core/readwell/static/icon.svg (commit both)
	PYTHONPATH=layers/core $(BIN)/python -m tests.browser.icons

security: venv ## bandit over our code; pip-audit over the pins (says so when it cannot reach its service)
	$(BIN)/bandit -q -r layers functions local
	$(BIN)/python -m local.audit_dependencies

# The suite on every core, each process writing what it saw under RUN_RECORDS; then the checks over the whole
# run (grants = calls, the Nu checker, the variants' coverage) read every process's records (tests/support/run_records.py).
RUN_RECORDS := $(ROOT)/build/test-run
test: lint security content-check sam-venv tools-venv $(NODE_STAMP) ## every check and test: lint, unit, moto integration, browser, template validate/build, deploy rehearsal
	$(BIN)/pytest -n auto --dist loadgroup --run-records=$(RUN_RECORDS)
	$(BIN)/pytest --check-run-records=$(RUN_RECORDS)

bench: venv ## measure cold start, warm latency, requests, page weight and scaling against a floor and a peer
	$(BIN)/python -m local.bench

validate: venv sam-venv tools-venv ## cfn-lint, `sam validate --lint` and checkov on template.yaml and the pipeline's roles (no AWS credentials needed)
	$(BIN)/cfn-lint template.yaml deploy/github-oidc.yaml
	$(SAM) validate --lint --template-file template.yaml --region eu-west-2
	$(TOOLS_VENV)/bin/checkov --file template.yaml --file deploy/github-oidc.yaml --framework cloudformation --skip-download --compact --quiet

build: venv sam-venv ## sam build: layer and functions for python3.13/arm64, no Docker or local Python 3.13 needed
	$(SAM) build --template-file template.yaml

# Every answer `sam deploy` needs is in samconfig.toml's [$(ENV)]: no deploy is guided. AWS is asked first who we
# are and where, so missing credentials or Region say so before a build.
ENV ?= dev
# CLOUDFORMATION_ROLE_ARN, when set (the pipeline sets it), is the role CloudFormation deploys as (deploy/github-oidc.yaml).
deploy: venv sam-venv ## check AWS is reachable, build, then sam deploy the ENV=dev (default) or ENV=prod stack
	$(BIN)/python -m local.deploy_check $(ENV)
	$(SAM) build --template-file template.yaml
	$(SAM) deploy --config-env $(ENV) $(if $(CLOUDFORMATION_ROLE_ARN),--role-arn $(CLOUDFORMATION_ROLE_ARN)) $(DEPLOY_FLAGS)

deploy-rehearsal: venv sam-venv ## build, package and deploy into a throwaway moto server, then check what it created
	$(BIN)/python -m local.rehearsal

# ---- Targets `sam build` calls (Metadata BuildMethod: makefile), with ARTIFACTS_DIR set by SAM. ----
# Wheels for Lambda's python3.13 on arm64, whatever Python and CPU this machine has.
LAMBDA_PIP := --platform manylinux2014_aarch64 --only-binary=:all: --python-version 3.13 --implementation cp
BUILD_PYTHON := $(shell test -x $(BIN)/python && echo $(BIN)/python || echo python3)
PIP_FOR_LAMBDA := $(BUILD_PYTHON) -m pip install --quiet --disable-pip-version-check --no-compile $(LAMBDA_PIP)

# aws-xray-sdk pulls in botocore, which then shadows the runtime's own; boto3 goes in beside it so
# the pair matches, at the versions the tests ran with (constraints.txt). botocore keeps the models of
# the services we call only (local/build/botocore_data.py: ~30 ms off each cold start, 27 MB off the layer).
build-CoreLayer:
	$(PIP_FOR_LAMBDA) -r $(ROOT)/layers/core/requirements.txt boto3 -c $(ROOT)/constraints.txt \
		--target "$(ARTIFACTS_DIR)/python"
	cd $(ROOT) && $(BUILD_PYTHON) -m local.build.botocore_data "$(ARTIFACTS_DIR)/python"
	cp -R $(ROOT)/layers/core/readwell "$(ARTIFACTS_DIR)/python/"
	find "$(ARTIFACTS_DIR)/python/readwell" -name __pycache__ -prune -exec rm -rf {} +
	$(SHIP_BYTECODE)

# Lambda's code directories are read-only, so without shipped bytecode every cold start compiles
# from source (make bench measures the difference). A .pyc serves only the Python that wrote it:
# ship it when the build Python is 3.13, else ship sources alone and say so.
SHIP_BYTECODE = @if $(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null; then \
	cd $(ROOT) && $(BIN)/python -m local.build.bytecode "$(ARTIFACTS_DIR)"; \
	else echo "no Python 3.13 here: $(notdir $(ARTIFACTS_DIR)) ships sources without bytecode"; fi

# A function XyzFunction ships functions/xyz/*.py (readwell comes from the layer) plus the folders
# BUNDLE_Xyz names. A new function needs no new rule here.
BUNDLE_Publish := content
lowercase = $(shell echo '$(1)' | tr '[:upper:]' '[:lower:]')

build-%Function:
	mkdir -p "$(ARTIFACTS_DIR)"
	cp $(ROOT)/functions/$(call lowercase,$*)/*.py "$(ARTIFACTS_DIR)/"
	$(foreach folder,$(BUNDLE_$*),cp -R $(ROOT)/$(folder) "$(ARTIFACTS_DIR)/";)
	$(SHIP_BYTECODE)
