#!/usr/bin/env bash
# Installs every build and test dependency of blendd from Debian 12 packages.
# Idempotent: packages already present are skipped, so a second run costs seconds.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build clang-format clang libclang-rt-14-dev
  libboost1.81-dev libboost-json1.81-dev
  libsofia-sip-ua-dev libhiredis-dev libspdlog-dev libyaml-cpp-dev libsystemd-dev
  libssl-dev openssl libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev
  redis-server sip-tester sipvicious
  curl procps iproute2 python3 python3-prometheus-client
  chromium
)
# Node.js and npm drive the browser tests; a machine may already have them from elsewhere (whose
# packages would conflict with Debian's), so Debian's are installed only when npm is missing.
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: must run as root to install packages" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian redis-server package starts a system instance; blendd and its tests start their own.
  if command -v systemctl >/dev/null && systemctl is-active -q redis-server 2>/dev/null; then
    systemctl stop redis-server || true
  fi
  echo "install-deps: done"
fi

# The browser tests drive Debian's chromium with playwright-core (npm registry, pinned by the
# lock file; it downloads no browser of its own).
browser_dir="$(dirname "$0")/../tests/browser"
if [[ ! -d "$browser_dir/node_modules/playwright-core" ]]; then
  echo "install-deps: npm ci in tests/browser"
  npm ci --prefix "$browser_dir" --no-audit --no-fund --loglevel=error >/dev/null
fi
