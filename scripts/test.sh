#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test — once in the
# normal build (warnings are errors) and once under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

echo "== format check"
bash scripts/format.sh --check

echo "== build (warnings as errors)"
bash scripts/build.sh build/release -DBLENDD_WERROR=ON
echo "== tests"
ctest --test-dir build/release -j2 --output-on-failure -LE validation

echo "== package"
rm -f build/release/blendd_*.deb build/release/blendd-dbgsym_*.ddeb
(cd build/release && cpack -G DEB >/dev/null)
bash tests/check_package.sh build/release

# The what-if's validation is fourteen minutes of real traffic: it runs beside the sanitizer
# stage, which yields to it (nice), not beside the release tests, whose browsers it would slow
# (decisions 125, 155).
echo "== validation (in the background: build/release/validation.log)"
ctest --test-dir build/release -L validation --output-on-failure >build/release/validation.log 2>&1 &
validation=$!

# One sanitizer build serves the tests and the fuzzers: clang, ASan+UBSan, libFuzzer coverage in
# every library (a third build cost CI seven minutes; clang also compiles Beast's templates under
# the sanitizers in a third of gcc's time); -O1 is ASan's own advice, and line tables are all a
# sanitizer report needs. It is not built beside the release tests: their browsers' and media's
# timing does not survive a compiler beside them, even at nice 19 (decision 155).
echo "== build and tests under ASan+UBSan (clang; the fuzz harnesses too)"
CC=clang CXX=clang++ nice -n 19 bash scripts/build.sh build/asan -DBLENDD_WERROR=ON -DBLENDD_SANITIZE=ON \
  -DBLENDD_BENCH=OFF -DBLENDD_FUZZ=ON "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  nice -n 19 ctest --test-dir build/asan -j2 --output-on-failure -LE validation

echo "== fuzzing (libFuzzer, 10 s per harness; long runs: bench/fuzz_long.sh)"
BLENDD_FUZZ_BUILD=build/asan bash scripts/fuzz.sh 10

echo "== validation (its result)"
if ! wait "$validation"; then
  cat build/release/validation.log
  echo "the what-if validation failed"
  exit 1
fi
grep -E "what-if validation|busy:|tests passed" build/release/validation.log || true
