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

# The QA page of every edition the run rewrote is written even when some report
# is invalid; the run's exit status is kept.
run: $(STAMP)
	$(BIN)/python -m pipeline run raw/ --out processed/; status=$$?; \
	$(BIN)/python -m pipeline report --out processed/ --last-run || exit $$?; exit $$status

test: $(STAMP)
	$(BIN)/python -m pytest

# Rewrite the expected tables of every fixture; read `git diff tests/fixtures` afterwards.
golden: $(STAMP)
	$(BIN)/python -m tests.golden

# Time the pipeline on a generated full edition (corpus cached in .bench/); prints
# figures, not pass/fail. Options: make bench BENCH_ARGS="--count 20 --only pdf_j1"
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python -m bench.run_bench $(BENCH_ARGS)

# The fuzz tests with many more mutants, page layouts, source-parity layouts and converter
# renderings than CI runs.
fuzz: $(STAMP)
	FUZZ_EXACT=1 FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-20000} LAYOUT_FUZZ_EXAMPLES=$${LAYOUT_FUZZ_EXAMPLES:-2000} \
		$(BIN)/python -m pytest tests/test_fuzz.py tests/test_layout_fuzz.py -q
	PARITY_EXAMPLES=$${PARITY_EXAMPLES:-500} $(BIN)/python -m pytest tests/test_source_parity.py -q -k fuzzer
	FUZZ_EXACT=1 CONVERTER_FUZZ_EXAMPLES=$${CONVERTER_FUZZ_EXAMPLES:-2000} $(BIN)/python -m pytest tests/test_converter_fuzz.py -q -k converted

clean:
	rm -rf $(VENV) processed/*/ processed/DATA_DICTIONARY.md
