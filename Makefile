# Guichet — two commands: `make run` (serve the demo on SQLite) and `make test` (every test).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements-openfisca.txt | sha1sum | cut -c1-12)
NODE_STAMP := node_modules/.installed-$(shell sha1sum package-lock.json | cut -c1-12)
CHROMIUM := /usr/bin/chromium

.PHONY: install run serve test test-unit test-e2e e2e-deps quality format bench fuzz openfisca-france-tests migrate demo clean messages audit load load-smoke backup restore

$(STAMP): pyproject.toml requirements-openfisca.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 est requis ($(PYTHON) introuvable)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m pip install --quiet --no-deps -r requirements-openfisca.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: migrate
	$(PY) manage.py load_demo --print-logins
	@echo ""
	@echo "Guichet : http://$${GUICHET_ADDR:-127.0.0.1:8000}  (Ctrl+C pour arrêter ; le worker de tâches tourne à côté)"
	bin/serve

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

e2e-deps: install $(NODE_STAMP)
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installation de Chromium (paquet Debian)…"; \
	  $$(command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$(command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo) \
	    apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	fi

test: install e2e-deps
	$(PY) -m pytest guichet
	$(PY) -m pytest tests/e2e

test-unit: install
	$(PY) -m pytest guichet

test-e2e: e2e-deps
	$(PY) -m pytest tests/e2e

quality: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint guichet --lint
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

# Known vulnerabilities in the installed dependencies (PyPI's advisory data). --strict fails when a
# package could not be checked, so an unreachable advisory service is never taken for a clean audit.
audit: install
	$(VENV)/bin/pip-audit --strict --skip-editable --progress-spinner off

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint guichet --reformat --quiet || true

messages: install
	cd guichet && ../$(PY) ../manage.py makemessages -l fr -l en --ignore='*/tests/*'
	$(PY) manage.py compilemessages --ignore=.venv

bench: install
	@if ls bench/*.py >/dev/null 2>&1; then for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done; \
	else echo "Aucun benchmark pour l'instant."; fi

# Backups under var/backups/ (pg_dump on PostgreSQL, online backup on SQLite), timestamped.
# Restore: make restore FICHIER=var/backups/guichet-….dump  (into an empty database; see docs/exploitation.md)
backup: install
	$(PY) manage.py backup_database

restore: install
	@test -n "$(FICHIER)" || { echo "Indiquez la sauvegarde : make restore FICHIER=var/backups/guichet-….dump"; exit 1; }
	$(PY) manage.py restore_database "$(FICHIER)" $(if $(REMPLACER),--remplacer,)
	$(PY) manage.py verify_journal

# Load test (bench/load/): gunicorn + PostgreSQL on 127.0.0.1, a dedicated database DROPPED and re-seeded
# (LOAD_DATABASE, default guichet_load). `make load` runs 100 users for 5 minutes; `make load-smoke` 20 s.
load: install
	$(PY) bench/load/run_load.py --duration 300 --users 100

load-smoke: install
	$(PY) bench/load/run_load.py --duration 20 --users 20

fuzz: install
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=500 $(PY) -m pytest guichet/core/tests/test_fuzz_inputs.py guichet/core/tests/test_api_fuzz.py guichet/core/tests/test_html_fuzz.py -p no:logging
	SCREENING_EXAMPLES=100 $(PY) -m pytest guichet/screening/tests/test_engine_properties.py -p no:logging
	$(MAKE) openfisca-france-tests
	OPENFISCA_FRANCE_TESTS=$(OF_TESTS) $(PY) -m pytest guichet/screening/tests/test_openfisca_france_yaml.py -p no:logging

# Every YAML test of the installed OpenFisca-France, from its source distribution on PyPI (not in the wheel).
OF_VERSION = $(shell $(PY) -c "import importlib.metadata as m; print(m.version('openfisca-france'))" 2>/dev/null)
OF_TESTS := var/openfisca-france-$(OF_VERSION)/tests
openfisca-france-tests: install
	@test -d $(OF_TESTS) || { mkdir -p var/sdist && \
	  $(PY) -m pip download --quiet --no-deps --no-binary :all: "openfisca-france==$(OF_VERSION)" -d var/sdist && \
	  tar xzf var/sdist/openfisca_france-$(OF_VERSION).tar.gz -C var "openfisca_france-$(OF_VERSION)/tests" && \
	  mv var/openfisca_france-$(OF_VERSION) var/openfisca-france-$(OF_VERSION); }

clean:
	rm -rf var tests/e2e/artifacts .pytest_cache
