# Two commands do all set-up on a fresh machine with only python3:
#   make run   -> creates .venv, installs requirements.txt, starts the app
#   make test  -> same install plus test tools (and Debian's postgresql and
#                 chromium when missing), then make lint, then pytest
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= localhost
PORT   ?= 8501

.PHONY: run test lint format bench calibrate sample clean install install-dev

$(VENV)/.run-deps: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-deps: $(VENV)/.run-deps requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.run-deps
install-dev: $(VENV)/.dev-deps

run: $(VENV)/.run-deps
	$(PY) -m streamlit run app.py --server.headless=true \
		--server.address=$(HOST) --server.port=$(PORT)

# The style, checked: ruff (lint and format), mypy on src/, and the layers contract
# in .importlinter (a lower room never imports a higher one; only ui/ imports Streamlit).
lint: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

# Rewrite the files the way `make lint` wants them (ruff's import order and format).
format: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check --fix --select I .
	$(VENV)/bin/ruff format .

test: lint
	bash scripts/test-system-deps.sh
	$(PY) -m pytest

bench: $(VENV)/.dev-deps
	$(PY) benchmarks/analysis_speed.py
	$(PY) benchmarks/import_scale.py
	$(PY) benchmarks/apple_health_scale.py
	$(PY) benchmarks/hostile_files.py
	$(PY) benchmarks/hostile_viewers.py
	$(PY) benchmarks/load.py

# How often the claims are right: simulated logs with known truth (a measurement, not a
# test; minutes). Options: make calibrate CALIBRATE="--logs 60 --days 365 --seed 12".
CALIBRATE ?=
calibrate: $(VENV)/.dev-deps
	$(PY) benchmarks/calibration.py $(CALIBRATE)

sample: $(VENV)/.run-deps
	$(PY) scripts/make_sample_data.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
