#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan+UBSan) and runs each for SECONDS (default 15)
# on a copy of its corpus. Used by scripts/test.sh (short) and for long runs by hand:
#   bash scripts/fuzz.sh 3600
# A crash stops the run and leaves the input in build/fuzz/crashes/: add it to fuzz/corpus/<name>/
# as a regression input once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
# BLENDD_FUZZ_BUILD names a clang sanitizer build configured with -DBLENDD_FUZZ=ON (scripts/test.sh
# passes its test build); by default a build of the harnesses alone in build/fuzz.
build=${BLENDD_FUZZ_BUILD:-build/fuzz}
if [[ -z ${BLENDD_FUZZ_BUILD:-} ]]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBLENDD_FUZZ=ON -DBLENDD_TESTS=OFF -DBLENDD_BENCH=OFF -DBLENDD_SANITIZE=ON >/dev/null
fi
targets=(csv_reader config_loader agent_json phone_number live_settings desk_hub api_routes ng_reply
  pcap_capture rtp_audio)
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz_}"
mkdir -p "$build"/crashes
corpus_of() {
  case $1 in
    csv_reader) echo csv ;;
    config_loader) echo config ;;
    agent_json) echo agent_json ;;
    live_settings) echo live_settings ;;
    desk_hub) echo desk_hub ;;
    api_routes) echo api_routes ;;
    ng_reply) echo ng_reply ;;
    pcap_capture) echo pcap_capture ;;
    rtp_audio) echo rtp_audio ;;
    *) echo number ;;
  esac
}
# One harness per core: each is single-threaded, and CI waits for them.
run_one() {
  local t=$1 work=$build/corpus/$1
  mkdir -p "$work"
  cp -n fuzz/corpus/"$(corpus_of "$t")"/* "$work"/ 2>/dev/null || true
  ASAN_OPTIONS=detect_leaks=1 "$build"/fuzz/fuzz_"$t" -max_total_time="$seconds" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$build"/crashes/"$t"- -print_final_stats=1 \
    "$work" >"$build"/fuzz_"$t".log 2>&1 || true
}
jobs_at_once=${BLENDD_FUZZ_JOBS:-2}
running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if ((running >= jobs_at_once)); then
    wait -n || true
    running=$((running - 1))
  fi
done
wait
for t in "${targets[@]}"; do
  echo "== fuzz_$t for ${seconds}s"
  grep -E "^stat::number_of_executed_units|^stat::peak_rss|ERROR|SUMMARY|Done" \
    "$build"/fuzz_"$t".log || true
  if ls "$build"/crashes/"$t"-* >/dev/null 2>&1; then
    echo "fuzz_$t found a crash: $(ls "$build"/crashes/"$t"-*) (log: $build/fuzz_$t.log)"
    exit 1
  fi
done
echo "fuzz: no crash in ${#targets[@]} harnesses"
