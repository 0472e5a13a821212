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
(cd build/release && cpack -G DEB >/dev/null)
deb=$(ls build/release/blendd_*.deb)
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/blendd ./usr/bin/blendctl ./usr/lib/systemd/system/blendd.service ./etc/blendd/blendd.yaml; do
  grep -q " $f\$" <<<"$contents" || { echo "package lacks $f"; exit 1; }
done
echo "package $deb holds binaries, unit and config"

echo "== build and tests under ASan+UBSan"
bash scripts/build.sh build/asan -DBLENDD_WERROR=ON -DBLENDD_SANITIZE=ON -DBLENDD_BENCH=OFF
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/asan -j2 --output-on-failure

echo "== fuzzing (libFuzzer, 15 s per harness)"
bash scripts/fuzz.sh 15
