# airkube: every target installs what it needs first (idempotent), one line per step.
SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

ROOT   := $(CURDIR)
VENV   := $(ROOT)/.venv
PY     := $(VENV)/bin/python
TOOLS  := $(ROOT)/.tools
export PATH := $(TOOLS)/bin:$(VENV)/bin:$(PATH)
# pytest arguments for `make test`, e.g. make test PYTEST_ARGS="-k gitsync"
PYTEST_ARGS ?=
# Two workers (one per core); whole files per worker so module fixtures (cluster installs) run once.
XDIST := -n 2 --dist loadfile

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

# ---------------------------------------------------------------- installs
.PHONY: install venv helm go-tools debs airflow-venvs checkov
install: venv helm ## Python venv (project editable + test deps) and pinned helm 3/4

venv: $(VENV)/.installed
# Exactly the hash-pinned tools/requirements/dev.txt (bash tools/requirements/lock.sh dev), then the
# project itself, editable, with no dependency resolution and the locked build backend.
$(VENV)/.installed: pyproject.toml tools/requirements/dev.txt
	@echo "==> python venv: $(VENV) ($$(grep -c '==' tools/requirements/dev.txt) hash-pinned packages, tools/requirements/dev.txt)"
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r tools/requirements/dev.txt
	@$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# Plain `helm` is helm 4 for the tools that call it (chart-testing); tests pick helm3/helm4.
helm: ## helm 3.22.0, helm 4.3.1 (tools/helm3, tools/helm4) and kubectl 1.35.4 (tools/kubernetes), built from Go
	@bash tools/install-go-tools.sh helm3 helm4 kubectl
	@ln -sfn helm4 $(TOOLS)/bin/helm

go-tools: ## Go tools pinned in tools/go.mod and tools/kubernetes/go.mod (ct, kwok, etcd, control plane)
	@bash tools/install-go-tools.sh ct kwok etcd kube-apiserver kube-controller-manager kube-scheduler

debs: ## Debian packages the compat and cluster tests use
	@bash tools/install-debs.sh

airflow-venvs: venv ## Airflow 3.3.2 and 2.10.4 venvs for the compat tests
	@bash tools/install-airflow-venvs.sh

checkov: ## checkov in its own venv
	@bash tools/install-checkov.sh

# Everything `make test` needs, in two streams at once: the Go builds keep both cores busy,
# while the Debian packages, the venvs and the node's images mostly wait on the network and the
# disk. Each stream is one recipe, so make's two job slots go to exactly these two.
.PHONY: installs install-builds install-downloads
installs: ## Every install of `make test` (cold: Go builds beside downloads and image builds)
	@$(MAKE) --no-print-directory -j2 install-builds install-downloads

install-builds:
	@bash tools/install-go-tools.sh helm3 helm4 kubectl ct kwok etcd kube-apiserver \
		kube-controller-manager kube-scheduler kubelet kube-proxy coredns local-path-provisioner
	@ln -sfn helm4 $(TOOLS)/bin/helm

install-downloads: venv debs
	@bash tools/install-go-tools.sh pause statsd_exporter
	@bash tools/install-airflow-venvs.sh
	@bash tools/install-checkov.sh
	@bash tools/node-images.sh build

# ---------------------------------------------------------------- main jobs
.PHONY: demo test test-fast bench lint docs
demo: install ## Render the default (dev) deployment and print what would run
	@$(PY) tools/demo.py

test-fast: install ## Unit and chart tests only
	@$(PY) -m pytest tests/unit tests/chart $(XDIST) $(PYTEST_ARGS)

test: installs lint cluster-build node-build ## Lint, then every test: unit, chart, compat, cluster, node
	@$(PY) -m pytest tests --ignore=tests/node $(XDIST) $(PYTEST_ARGS)
	@# The node tier on its own and one file at a time: each installs Airflow on the 2-core node,
	@# and two at once (or beside the compat tier) starve each other's probes and requests.
	@$(PY) -m pytest tests/node $(PYTEST_ARGS)

bench: install ## Speed table: helm template per scenario, CLI start-up, generate throughput
	@$(PY) tools/bench.py

docs: install ## Regenerate chart/values.schema.json, chart/README.md and docs/settings.md
	@$(PY) tools/gen_chart_schema.py
	@$(PY) tools/gen_settings_docs.py

# What each linter reads.
LINT_PY := generator tests tools
LINT_YAML := .pre-commit-hooks.yaml chart/Chart.yaml chart/values.yaml chart/ci chart/files tests/chart tests/compat \
	tests/unit/corpus/valid generator/airkube/data values-examples tools/ct tools/cluster \
	tests/node/values tools/node/images-values.yaml
LINT_SH := $(wildcard tools/*.sh tools/lib/*.sh tools/requirements/*.sh)

lint: install debs ## ruff, yamllint (ct's rules), shellcheck on tools/ and helm lint --strict (helm 3 and 4)
	@echo "==> ruff"
	@ruff check --quiet $(LINT_PY)
	@echo "==> yamllint"
	@yamllint --strict -c tools/ct/lintconf.yaml $(LINT_YAML)
	@echo "==> shellcheck"
	@shellcheck -x -S warning $(LINT_SH)
	@echo "==> helm lint --strict chart (helm 3, helm 4)"
	@for h in helm3 helm4; do out=$$($$h lint --strict chart 2>&1) || { echo "$$out"; exit 1; }; done

# ---------------------------------------------------------------- cluster
.PHONY: cluster-build cluster-up cluster-down cluster-test kind-test
cluster-build: go-tools ## Build the local control plane (cached)
	@bash tools/cluster.sh build

cluster-up: cluster-build ## Start etcd, kube-apiserver, controller-manager, scheduler, kwok on 127.0.0.1
	@bash tools/cluster.sh up

cluster-down: ## Stop what cluster-up started
	@bash tools/cluster.sh down

cluster-test: install cluster-build ## Install/upgrade/rollback/uninstall tests on the local control plane
	@$(PY) -m pytest tests/cluster -m cluster $(PYTEST_ARGS)

kind-test: install go-tools ## The seed 003 lab on a kind cluster (needs Docker)
	@bash tools/install-go-tools.sh kind
	@bash tools/kind-test.sh

# ---------------------------------------------------------------- node
.PHONY: node-build node-up node-down node-test
node-build: debs ## Build the real node's binaries and images (cached by pins)
	@bash tools/node.sh build

node-up: node-build ## Start a real one-node Kubernetes in its own network namespace (tools/node.sh)
	@bash tools/node.sh up

node-down: ## Stop the node and remove every trace of it
	@bash tools/node.sh down

node-test: install node-build ## The tests on the real node: seed 003 lab, examples, lifecycle
	@$(PY) -m pytest tests/node $(PYTEST_ARGS)

.PHONY: node-images
node-images: debs ## Build the node's container images here (cached by pins; tools/node-images.sh)
	@bash tools/install-go-tools.sh statsd_exporter pause
	@bash tools/node-images.sh build
