#!/usr/bin/env bash
# The long fuzz run (CI runs each harness for 10 s): every libFuzzer harness for SECONDS
# (default 600) on its corpus, printing executions and peak RSS per harness. A crash stops the
# run and leaves its input in build/fuzz/crashes/ (see scripts/fuzz.sh).
#   bash bench/fuzz_long.sh [SECONDS]
set -euo pipefail
exec bash "$(dirname "$0")/../scripts/fuzz.sh" "${1:-600}"
