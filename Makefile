# Quarter-end workflow and developer tasks. `make demo` and `make test` are the two
# commands a newcomer runs; both create .venv from this repository's own files.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TAHUN  ?= $(shell $(PYTHON) -c "import tomllib;print(tomllib.load(open('config.toml','rb'))['tahun'])" 2>/dev/null)
# No default quarter: a report or template for the wrong quarter is worse than a question.
TW     ?=
PY     := $(BIN)/python

.PHONY: setup test lint format catalog template report need-tw pk demo demo-data bench bench-quick clean

setup: $(STAMP)

# Re-installs only when the dependency list changes, so a second `make setup` is instant.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# Two workers (the CI machines have 2 cores); a module's tests stay on one worker, so its
# shared fixtures (the demo report, LibreOffice round trips) are built once.
TEST_WORKERS ?= 2
test: setup
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadscope

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

catalog: setup
	$(PY) -m pipeline catalog

template: setup need-tw
	$(PY) -m pipeline template --year $(TAHUN) --quarter $(TW)

report: setup need-tw
	$(PY) -m pipeline report --year $(TAHUN) --quarter $(TW)

need-tw:
	@if [ -z "$(TW)" ]; then \
	  echo "Galat: sebutkan triwulan, mis. 'make $(MAKECMDGOALS) TW=3' (TAHUN=$(TAHUN) dari config.toml bila tidak disebut)." >&2; \
	  exit 2; \
	fi

# Perjanjian Kinerja of every jabatan (PDF and .docx), at the start of the year.
pk: setup
	$(PY) -m pipeline pk --year $(TAHUN)

# The whole quarter-end job on the bundled sample workbooks (fictional regency, 2026), with
# 2022-2025 imported into a demo archive first (importing the same file again changes
# nothing, so `make demo` can be repeated).
DEMO_ARCHIVE := output/demo/arsip-demo.sqlite
demo: setup
	$(PY) -m pipeline history import demo/riwayat/riwayat-2022-2023.xlsx --archive $(DEMO_ARCHIVE)
	$(PY) -m pipeline history import demo/riwayat/2024-TW4/hasil.csv --archive $(DEMO_ARCHIVE)
	$(PY) -m pipeline history import demo/riwayat/2025-TW4/hasil.csv --archive $(DEMO_ARCHIVE)
	$(PY) -m pipeline report --year 2026 --quarter 4 --input demo/input --output output/demo --date 2027-01-07 --archive $(DEMO_ARCHIVE)
	$(PY) -m pipeline history list --archive $(DEMO_ARCHIVE)

# Regenerate the bundled sample workbooks (after a catalog or template change).
demo-data: setup
	$(PY) -m pipeline.demo --out demo/input
	$(PY) -m pipeline.history.sample --out demo/riwayat

# Reading 200 returned workbooks against pandas + openpyxl on the same files (FILES=N).
FILES ?= 200
bench: setup
	$(PY) -m pipeline.bench --files $(FILES)

# While working on the reader: 50 files, 2 runs, no province or report (quote full runs only).
bench-quick: setup
	$(PY) -m pipeline.bench --quick

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
