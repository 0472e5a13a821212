#!/usr/bin/env bash
# systemd-analyze verify checks that ExecStart exists, so point it at the built binary.
set -euo pipefail
unit=$1
binary=$2
if ! command -v systemd-analyze >/dev/null; then
  echo "systemd-analyze not installed"; exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed "s#/usr/bin/blendd#$binary#" "$unit" > "$dir/blendd.service"
out=$(systemd-analyze verify "$dir/blendd.service" 2>&1 || true)
echo "$out"
# Warnings about the host (e.g. no systemd running in a container) are not about the unit.
if grep -E 'blendd.service' <<<"$out" | grep -viE 'not running|Failed to create|skipping|Unit is bound'; then
  echo "unit has problems"; exit 1
fi
echo "unit verified"
