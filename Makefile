# j3o build. `make run` and `make test` install missing Debian packages first.
PKGS     := PETSc hdf5-openmpi clp cbc libcrypto
CC       := mpicc
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Iinclude -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
TEST_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

# Open MPI refuses root without these; more ranks than cores needs --oversubscribe.
export OMPI_ALLOW_RUN_AS_ROOT := 1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM := 1
export OMPI_MCA_rmaps_base_oversubscribe := 1
MPIRUN   ?= mpirun --oversubscribe
RANKS    ?= 2
export MPIRUN

# the library: one folder per subsystem under src/ (src/cli holds the binaries)
LIB_SRC  := $(filter-out src/cli/%,$(wildcard src/*/*.c))
# src/lp/*.cpp: the CBC event handler (CBC's C interface has none)
LIB_OBJ  := $(LIB_SRC:src/%.c=build/%.o) $(patsubst src/%.cpp,build/%.o,$(wildcard src/*/*.cpp))
HEADERS  := $(wildcard include/j3o/*.h src/*/*.h)
CXX      := mpicxx
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++11 -Wall -Wextra -Iinclude -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS   += -lstdc++
BIN_SRC  := $(wildcard src/cli/*.c)
BINS     := $(BIN_SRC:src/cli/%.c=bin/%)
TEST_SRC := $(wildcard tests/test_*.c)
TESTS    := $(TEST_SRC:tests/%.c=tests/bin/%)

# The bundled instance: family paper-batch, fixed seed.
DEFAULT_GEN := bin/j3o-gen -o inputs/default.h5 -family paper-batch -seed 107

.PHONY: all deps run test bench clean fuzz format format-check
all: $(BINS)

deps:
	@scripts/install-deps.sh

# `make V=1` shows the full commands
Q := $(if $(V),,@)
build/%.o: src/%.c $(HEADERS) | build
	@$(if $(Q),echo "  CC      $<")
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@
build/%.o: src/%.cpp $(HEADERS) | build
	@$(if $(Q),echo "  CXX     $<")
	@mkdir -p $(dir $@)
	$(Q)$(CXX) $(CXXFLAGS) -c $< -o $@
build:
	@mkdir -p build bin tests/bin
build/libj3o.a: $(LIB_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^
GIT_REV  := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
bin/%: src/cli/%.c build/libj3o.a | build
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) -DJ3O_GIT='"$(GIT_REV)"' $< build/libj3o.a $(LDLIBS) -o $@
tests/bin/%: tests/%.c tests/j3o_test.h build/libj3o.a | build
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) -Itests $< build/libj3o.a $(LDLIBS) $(TEST_LIBS) -o $@

# test_cluster counts the library's LP solves (is the cycle screening skipping?) through the linker
tests/bin/test_cluster: LDLIBS += -Wl,--wrap=J3oLPSolve

inputs/default.h5: | bin/j3o-gen
	$(DEFAULT_GEN)

run: deps
	@$(MAKE) --no-print-directory all inputs/default.h5
	@mkdir -p results
	$(MPIRUN) -n $(RANKS) bin/j3o -i inputs/default.h5 -o results/default.h5
	bin/j3o-check inputs/default.h5 results/default.h5

test: deps
	@$(MAKE) --no-print-directory all $(TESTS)
	@tests/run-all.sh

# sanitized build in fuzz/ and the reader fuzz (not part of `make test`; docs/evaluation.md)
fuzz: deps
	@scripts/fuzz.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@scripts/bench.sh

clean:
	rm -rf build bin tests/bin

# C style (.clang-format, PETSc-like, 120 columns): `make format` rewrites the files in place,
# `make format-check` lists what it would change and fails if anything would.
FORMAT_SRC = $(shell find src include tests -name '*.[ch]' | sort)
format:
	clang-format -i $(FORMAT_SRC)
format-check:
	@bad=0; for f in $(FORMAT_SRC); do \
	  clang-format --dry-run --Werror "$$f" >/dev/null 2>&1 || { echo "needs make format: $$f"; bad=1; }; \
	done; exit $$bad
