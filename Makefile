# `make test` and `make run` create the virtual environment and install the
# project into it when needed; nothing else has to be installed by hand.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install test run demo bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,scale]'
	touch $(STAMP)

install: $(STAMP)

# The whole suite on embedded SQLite, then on PostgreSQL when
# PORTALWATCH_TEST_POSTGRES_URL is set (.ci/run sets it).
test: $(STAMP)
	$(BIN)/pytest -q $(PYTEST_ARGS)

run: $(STAMP)
	mkdir -p var
	$(BIN)/portalwatch daemon

demo: $(STAMP)
	$(BIN)/portalwatch demo

bench: $(STAMP)
	$(BIN)/python bench/dedup.py --articles 20000
	$(BIN)/python bench/store.py
	$(BIN)/python bench/accuracy.py
	$(BIN)/python bench/crawl.py
	$(BIN)/python bench/monitor.py
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) var .pytest_cache
