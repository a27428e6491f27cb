# qstrong: `make demo` runs it with demo data on SQLite; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
QS := $(VENV)/bin/qstrong
HOST ?= 127.0.0.1
PORT ?= 8000
SYNTHETIC ?= 2000
# The demo shows what officers will see (error pages included); DEMO_DEBUG=1 for tracebacks.
DEMO_DEBUG ?= 0
PYTEST_ARGS ?=
# Two processes (pytest-xdist); PYTEST_WORKERS=0 runs the suite in one. loadgroup keeps the
# Spark tests (xdist_group "spark") on one worker: one JVM.
PYTEST_WORKERS ?= 2
PYTEST := $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadgroup
# The dated parts of the suite, run again at the calendar's edges (docs/testing.md).
CALENDAR_TESTS ?= qstrong/foodsafety qstrong/casework qstrong/quality qstrong/policies \
	qstrong/insights qstrong/portal qstrong/nqi qstrong/ops tests/browser/test_foodsafety.py \
	tests/browser/test_casework.py \
	tests/browser/test_portal.py
CALENDAR_NOWS ?= 2027-01-01T00:30+08:00 2027-12-31T23:30+08:00 2028-02-29

.PHONY: demo test test-matrix test-calendar setup check-system check-browser check-fonts lint bench bench-web clean messages

define need
	@command -v $(1) >/dev/null 2>&1 || { echo "qstrong: '$(1)' is missing. Install it with:  sudo apt-get install -y $(2)"; exit 1; }
endef

check-system:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { echo "qstrong: Python 3.11 or newer is needed. Install it with:  sudo apt-get install -y python3 python3-venv"; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { echo "qstrong: Python venv support is missing. Install it with:  sudo apt-get install -y python3-venv"; exit 1; }
	$(call need,node,nodejs)
	$(call need,npm,npm)
	$(call need,msgfmt,gettext)
	$(call need,java,default-jre-headless libpostgresql-jdbc-java)
	@test -f /usr/share/java/postgresql.jar || echo "qstrong: the PostgreSQL JDBC driver (matching on Spark reads PostgreSQL with it) is missing. Install it with:  sudo apt-get install -y libpostgresql-jdbc-java"

check-browser: check-fonts
	$(call need,chromium,chromium)

# The handbooks' PDF (Typst) sets text in Noto Serif CJK and headings in Noto Sans CJK.
check-fonts:
	$(call need,pdftotext,poppler-utils)
	@fc-list 2>/dev/null | grep -q "Noto Sans CJK" || { echo "qstrong: Chinese fonts are missing. Install them with:  sudo apt-get install -y fonts-noto-cjk"; exit 1; }
	@fc-list 2>/dev/null | grep -q "Noto Serif CJK" || { echo "qstrong: Noto Serif CJK is missing. Install it with:  sudo apt-get install -y fonts-noto-cjk"; exit 1; }

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

messages: $(VENV)/.synced
	$(QS) compilemessages --ignore=.venv --ignore=node_modules --ignore=.tools -v 0

setup: check-system $(VENV)/.synced node_modules/.installed messages

demo: setup check-fonts
	$(QS) migrate --no-input -v 0
	$(QS) loaddemo --synthetic $(SYNTHETIC)
	@echo ""
	@echo "qstrong is starting at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	QSTRONG_DEBUG=$(DEMO_DEBUG) $(QS) serve --host $(HOST) --port $(PORT)

test: setup check-browser
	$(PYTEST) $(PYTEST_ARGS)
	@if [ -n "$$QSTRONG_TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL =="; \
		DATABASE_URL="$$QSTRONG_TEST_DATABASE_URL" $(PYTEST) $(PYTEST_ARGS); \
	fi

# The authorization matrix (tests/authorization_matrix.py): every URL and API operation × every role.
test-matrix: setup
	$(VENV)/bin/pytest -n 0 tests/test_authorization_matrix.py

# The dated tests at the 1st of a month just after midnight, the last day of a year, a leap day.
test-calendar: setup check-browser
	@set -e; for now in $(CALENDAR_NOWS); do \
		echo "== dated tests at $$now =="; \
		QSTRONG_TEST_NOW=$$now $(PYTEST) -m "not spark" $(CALENDAR_TESTS); \
	done

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(QS) makemigrations --check --dry-run
	$(VENV)/bin/mypy qstrong

bench: setup
	$(VENV)/bin/python bench/import.py --rows 100000
	$(VENV)/bin/python bench/import.py --rows 1000000
	$(VENV)/bin/python bench/match.py --enterprises 100000 --policies 200
	$(VENV)/bin/python bench/match.py --enterprises 1000000 --policies 200
	$(VENV)/bin/python bench/handbooks.py --handbooks 1000

# Pages at the province's size: builds qstrong_web once (BUILD=1), then server-side timings and a
# 50-user load test (gunicorn + Locust on 127.0.0.1); figures appended to bench/RESULTS.md.
bench-web: setup
	$(if $(BUILD),$(VENV)/bin/python bench/web.py build --enterprises $(or $(ENTERPRISES),1000000))
	$(VENV)/bin/python bench/web.py pages
	$(VENV)/bin/python bench/web.py load --users 50 --duration $(or $(DURATION),120)

clean:
	rm -rf $(VENV) $(TOOLS) node_modules var

# The API contract at nightly length: schemathesis, 8 examples per operation, every phase, as a
# province planner and an enterprise user, on the demo with synthetic enterprises (docs/api.md);
# -rP prints each role's summary (operations, cases, failures, seconds) when it passes.
.PHONY: api-fuzz
api-fuzz: setup
	QSTRONG_API_FUZZ=nightly $(VENV)/bin/pytest -n 0 -rP tests/api/test_contract.py $(PYTEST_ARGS)
