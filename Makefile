# Thin wrapper over CMake. `make` builds, `make test` runs the tests, `make bench` the benchmarks.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps configure test bench micro-bench run clean format

all: configure
	cmake --build $(BUILD) -j $(JOBS)

deps:
	bash scripts/install-deps.sh

configure:
	@test -f $(BUILD)/build.ninja || cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

test: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600

# Side by side with PostgreSQL 15 and SQLite (bench/run.sh, docs/performance.md); not part of
# `make test`. Sizes: BENCH_ROWS, BENCH_SECONDS, ... (see bench/run.sh). BENCH_JOBS: build jobs.
BENCH_JOBS ?= $(JOBS)
bench: configure
	cmake -S . -B $(BUILD) -DKOMODO_BENCH=ON >/dev/null
	cmake --build $(BUILD) -j $(BENCH_JOBS) --target komodo komodo_embedded_bench
	bash bench/run.sh

# Google Benchmark micro benchmarks (bench/micro_bench.cc).
micro-bench: configure
	cmake -S . -B $(BUILD) -DKOMODO_BENCH=ON >/dev/null
	cmake --build $(BUILD) -j $(BENCH_JOBS) --target komodo_micro_bench
	$(BUILD)/bench/komodo_micro_bench

run: all
	$(BUILD)/komodo sql komodo-data

clean:
	rm -rf $(BUILD)

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i
