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
ctest --test-dir build/release -j2 --output-on-failure

echo "== package"
rm -f build/release/blendd_*.deb build/release/blendd-dbgsym_*.ddeb
(cd build/release && cpack -G DEB >/dev/null)
bash tests/check_package.sh build/release

# One sanitizer build serves the tests and the fuzzers: clang, ASan+UBSan, libFuzzer coverage in
# every library (a third build cost CI seven minutes; clang also compiles Beast's templates under
# the sanitizers in a third of gcc's time).
echo "== build and tests under ASan+UBSan (clang; the fuzz harnesses too)"
# Line tables are all a sanitizer report needs (measured: about the same build time as -g).
CC=clang CXX=clang++ bash scripts/build.sh build/asan -DBLENDD_WERROR=ON -DBLENDD_SANITIZE=ON \
  -DBLENDD_BENCH=OFF -DBLENDD_FUZZ=ON "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -gline-tables-only -DNDEBUG"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/asan -j2 --output-on-failure

echo "== fuzzing (libFuzzer, 15 s per harness)"
BLENDD_FUZZ_BUILD=build/asan bash scripts/fuzz.sh 15
