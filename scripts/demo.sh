#!/usr/bin/env bash
# The README's main command: installs what is missing, builds, and runs blendd on the example
# configuration with its embedded Redis. Ctrl-C stops it (and everything it started).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build/release
mkdir -p run/state
echo "blendd: health at http://127.0.0.1:8080/healthz  (build/release/daemon/blendctl health)"
exec build/release/daemon/blendd --config config/blendd.example.yaml --state-dir "$PWD/run/state"
