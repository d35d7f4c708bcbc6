# intake: two commands on a fresh machine.
#   make run   installs, creates or upgrades the database, loads reference and demo data, starts
#              the background worker and serves.
#   make test  installs and runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
INSTALL_STAMP := $(VENV)/.installed

.PHONY: install run test test-fast bench translations lint-imports clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(INSTALL_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(INSTALL_STAMP)

install: $(INSTALL_STAMP)

# Plain HTTP on loopback: session cookies cannot be HTTPS-only here (INTAKE_COOKIE_SECURE=0).
run: install
	$(BIN)/intake db upgrade
	$(BIN)/intake seed --demo
	@$(BIN)/python -m intake.demo_logins
	@# The worker (exports, reminders) runs beside the server and stops with it.
	$(BIN)/intake worker --workers 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	INTAKE_COOKIE_SECURE=0 $(BIN)/intake serve --host 127.0.0.1 --port $(PORT)

test: install
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not e2e" -x -q

# Benchmarks (not part of the test suite): each prints its figures against a bare-library
# baseline measured in the same run. Every one runs even when an earlier one misses its goal;
# make fails at the end if any missed.
BENCHMARKS := bench_ghg bench_xlsx bench_xlsx_refusal bench_load bench_statistics \
	bench_form_page bench_report_pdf

bench: install
	@failed=""; for name in $(BENCHMARKS); do \
		echo "== $$name"; \
		$(BIN)/python bench/$$name.py || failed="$$failed $$name"; \
	done; \
	if [ -n "$$failed" ]; then echo "goals missed:$$failed"; exit 1; fi

# Regenerate the message catalogue after changing user-facing strings.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -o intake/translations/messages.pot .
	$(BIN)/pybabel update -i intake/translations/messages.pot -d intake/translations --no-fuzzy-matching
	$(BIN)/python intake/translations/merge_pending.py
	$(BIN)/pybabel compile -d intake/translations

lint-imports: install
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
