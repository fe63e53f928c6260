# Cascading Leadership: `make run` to serve the site with demo content, `make test` for the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python site/manage.py
STAMP := $(VENV)/.installed-stamp
ES := tests/elasticsearch/es.sh
# The development and benchmark node; es.sh reads the same variable.
export ES_PORT ?= 9201
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run worker demo test test-fast test-postgres elasticsearch elasticsearch-stop bench bench-import bench-relevance bench-load lint format wheel clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-20s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	$(BIN)/pip install -c constraints.txt -e ".[site,test,opensearch]"
	touch $(STAMP)

install: $(STAMP) ## Create the virtual environment and install the pinned dependencies

demo: install ## Migrate and load the demo content (idempotent)
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo_content
	$(MANAGE) ensure_admin --admin-url http://$(HOST):$(PORT)/admin/

run: demo ## Set up and serve the site with demo content at http://127.0.0.1:8000
	$(MANAGE) runserver $(HOST):$(PORT)

worker: install ## Run queued tasks such as search index updates (with TASKS_BACKEND=database; site/README.md)
	$(MANAGE) db_worker

test: lint ## Lint, then the whole suite on SQLite + a real Elasticsearch, and again on PostgreSQL
	tests/run-suite.sh $(PYTEST_ARGS)

test-fast: install ## Run the suite without starting Elasticsearch (those tests skip)
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install ## Run the suite on a throwaway PostgreSQL server (started and left running)
	tests/postgres/pg.sh start
	DATABASE_URL=$$(tests/postgres/pg.sh url) $(BIN)/pytest -m "not elasticsearch and not browser" \
		--deselect tests/test_plugin_wheel.py --deselect tests/site/test_database_outage.py $(PYTEST_ARGS)

bench-load: install ## Load benchmark: gunicorn + PostgreSQL on loopback under locust, figures printed (~5 min)
	$(BIN)/pip install -q -c constraints.txt -e ".[bench]"
	$(BIN)/python tests/bench/load.py $(BENCH_ARGS)

elasticsearch: ## Start an Elasticsearch node for development on 127.0.0.1:9201
	$(ES) start

elasticsearch-stop: ## Stop the development Elasticsearch node
	$(ES) stop

BENCH_SIZES ?= 200 2000 20000
BENCH_ROUNDS ?= 10
BENCH_ENV = DJANGO_SETTINGS_MODULE=cascading_site.settings.dev DEBUG=false \
	ELASTICSEARCH_URL=http://127.0.0.1:$(ES_PORT)
# Above 5,000 coaches, text queries on the SQLite database backend take seconds each (its
# relevance ranking scores every match with a correlated full-text subquery): left out.
BENCH_SKIP_LARGE = --skip database:text --skip database:text+filters

bench: install ## Time the directory, and the coaches API beside Wagtail's pages API, with 200, 2,000 and 20,000 generated coaches, on each search backend; then bench-relevance
	@mkdir -p var
	$(ES) start
	@status=0; for n in $(BENCH_SIZES); do \
		echo "== $$n generated coaches (database var/bench-$$n.sqlite3, indexes bench_$${n}_*)"; \
		export $(BENCH_ENV) DATABASE_URL=sqlite:///$(CURDIR)/var/bench-$$n.sqlite3 ELASTICSEARCH_INDEX_PREFIX=bench_$${n}_; \
		skip=""; if [ $$n -gt 5000 ]; then skip="$(BENCH_SKIP_LARGE)"; fi; \
		$(MANAGE) migrate --no-input -v 0 && $(MANAGE) bench_directory --coaches $$n --rounds $(BENCH_ROUNDS) $$skip || status=$$?; \
		$(MANAGE) bench_api --coaches $$n --rounds $(BENCH_ROUNDS) $$skip || status=$$?; \
	done; \
	$(RELEVANCE_RUN) || status=$$?; \
	$(ES) stop; \
	$(MAKE) bench-import || status=$$?; \
	exit $$status

RELEVANCE_COACHES ?= 400
# Its own database and indexes: the generated texts differ from bench_directory's.
RELEVANCE_RUN = echo "== relevance: $(RELEVANCE_COACHES) generated coaches (var/relevance-$(RELEVANCE_COACHES).sqlite3)"; \
	export $(BENCH_ENV) DATABASE_URL=sqlite:///$(CURDIR)/var/relevance-$(RELEVANCE_COACHES).sqlite3 \
		ELASTICSEARCH_INDEX_PREFIX=relevance_$(RELEVANCE_COACHES)_; \
	$(MANAGE) migrate --no-input -v 0 && $(MANAGE) bench_relevance --coaches $(RELEVANCE_COACHES)

bench-relevance: install ## How well the directory ranks: judged queries (short, long, misspelt, filtered) over generated coaches, precision@10, nDCG@10 and recall per backend
	@mkdir -p var
	$(ES) start
	@status=0; $(RELEVANCE_RUN) || status=$$?; \
	$(ES) stop; \
	exit $$status

BENCH_IMPORT_ROWS ?= 2000 20000
BENCH_IMPORT_ENV = DJANGO_SETTINGS_MODULE=cascading_site.settings.dev DEBUG=false
BENCH_PG_PORT ?= 5434
BENCH_PG_DIR = $(CURDIR)/var/bench-import-pg

bench-import: install ## Time import_coaches: rows/second for 2,000 and 20,000 rows, and the old row-by-row path beside the bulk one at 500 rows, on SQLite and (when installed) PostgreSQL
	@mkdir -p var
	@rows="$(foreach n,$(BENCH_IMPORT_ROWS),--rows $(n))"; status=0; \
	echo "== SQLite (var/bench-import.sqlite3, new)"; rm -f var/bench-import.sqlite3; \
	export $(BENCH_IMPORT_ENV) DATABASE_URL=sqlite:///$(CURDIR)/var/bench-import.sqlite3; \
	$(MANAGE) migrate --no-input -v 0 && $(MANAGE) bench_import $$rows || status=$$?; \
	if ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then \
		echo "== PostgreSQL (tests/postgres/pg.sh on port $(BENCH_PG_PORT), $(BENCH_PG_DIR), new)"; \
		export PG_PORT=$(BENCH_PG_PORT) PG_BASE_DIR=$(BENCH_PG_DIR); tests/postgres/pg.sh stop; rm -rf $(BENCH_PG_DIR); \
		tests/postgres/pg.sh start && export DATABASE_URL=$$(tests/postgres/pg.sh url) && \
		$(MANAGE) migrate --no-input -v 0 && $(MANAGE) bench_import $$rows || status=$$?; \
		tests/postgres/pg.sh stop; \
	else echo "== PostgreSQL: not installed (tests/postgres/pg.sh start installs it), left out"; fi; \
	exit $$status

lint: install ## Check code style, undefined names, import direction (.importlinter) and missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=. $(BIN)/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=cascading_site.settings.test $(MANAGE) makemigrations --check --dry-run

format: install ## Format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

wheel: install ## Build the plugin's wheel (cascading_pages alone) into dist/
	rm -rf build  # setuptools would otherwise add files left there by an earlier build
	$(BIN)/python -m build --wheel --no-isolation --outdir dist .

clean: ## Remove the virtual environment, local database, media and build output
	rm -rf $(VENV) var build dist *.egg-info
