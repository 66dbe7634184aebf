# Thin wrapper over CMake. `make` builds, `make test` runs the tests, `make bench` the benchmarks.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps configure test bench run clean format

all: configure
	cmake --build $(BUILD) -j $(JOBS)

deps:
	bash scripts/install-deps.sh

configure:
	@test -f $(BUILD)/build.ninja || cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

test: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600

run: all
	$(BUILD)/komodo sql komodo-data

clean:
	rm -rf $(BUILD)

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i
