# `make run` and `make test` set up .venv on first use, then do their job.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test golden bench fuzz clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m pipeline run raw/ --out processed/

test: $(STAMP)
	$(BIN)/python -m pytest

# Rewrite the expected tables of every fixture; read `git diff tests/fixtures` afterwards.
golden: $(STAMP)
	$(BIN)/python -m tests.golden

clean:
	rm -rf $(VENV) processed/*/ processed/DATA_DICTIONARY.md
