# `make test` and `make run` create the virtual environment and install the
# project into it when needed; nothing else has to be installed by hand.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install test test-all run demo bench clean

# pip's own banners (new-version notices, root warnings) are noise in a make run.
PIP := PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore $(BIN)/pip

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	$(PIP) install --quiet -e '.[test,scale]' 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -c "import portalwatch, scrapy, sqlalchemy" 
	touch $(STAMP)

install: $(STAMP)

# A newcomer's first run: the fast suite on embedded SQLite only (a few minutes).
test: $(STAMP)
	env -u PORTALWATCH_TEST_POSTGRES_URL $(BIN)/pytest -q -m "not slow" $(PYTEST_ARGS)

# Everything: slow tests too (daemons, topology, crawls of every simulator site),
# and each store test again on PostgreSQL when PORTALWATCH_TEST_POSTGRES_URL is
# set (.ci/run sets it). This is what CI runs.
test-all: $(STAMP)
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
