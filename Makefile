# boxwalk: `make demo` and `make test` do everything on a fresh machine (Python 3.11 + a C++ compiler).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: help install install-dev install-bench test demo bench clean

help:
	@echo "make demo   - install boxwalk and run the demo (boxwalk vs Gymnasium, same seeds, side by side)"
	@echo "make test   - install boxwalk with its test dependencies and run the test suite"
	@echo "make bench  - install and run the benchmarks in bench/"
	@echo "make clean  - remove the virtual environment and build folders"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(PIP) install ".[reference]"

# torch is pinned first: the extras ask for plain "torch", which 2.13.0 (a CPU build) then satisfies.
TORCH := torch==2.13.0

install-dev: $(BIN)/python
	$(PIP) install $(TORCH)
	$(PIP) install ".[dev]"

install-bench: $(BIN)/python
	$(PIP) install $(TORCH)
	$(PIP) install ".[bench]"

test: install-dev
	$(BIN)/python -m pytest -q

demo: install
	$(BIN)/python bench/single_env.py --seconds 1 --repeats 1

bench: install-bench
	$(BIN)/python bench/single_env.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/families.py
	$(BIN)/python bench/teachers.py

clean:
	rm -rf $(VENV) build dist
