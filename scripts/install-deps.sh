#!/usr/bin/env bash
# Installs every build and test dependency of blendd from Debian 12 packages.
# Idempotent: packages already present are skipped, so a second run costs seconds.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build clang-format clang libclang-rt-14-dev
  libboost1.81-dev libboost-json1.81-dev
  libsofia-sip-ua-dev libhiredis-dev libspdlog-dev libyaml-cpp-dev libsystemd-dev
  libssl-dev openssl libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev
  redis-server redis-sentinel sip-tester sipvicious rtpengine-daemon
  curl procps iproute2 python3 python3-prometheus-client lintian file
  chromium libjs-chart.js baresip-core espeak-ng sox
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
  # The Debian redis-server and redis-sentinel packages start system instances; blendd and its
  # tests start their own (rtpengine-daemon likewise: its ports 30000-40000 on every interface).
  for unit in redis-server redis-sentinel rtpengine-daemon; do
    if command -v systemctl >/dev/null && systemctl is-active -q "$unit" 2>/dev/null; then
      systemctl stop "$unit" || true
    fi
  done
  echo "install-deps: done"
fi

# libphonenumber: Debian 12's libphonenumber-dev depends on libboost-thread-dev, the default
# Boost (1.74), which conflicts with the Boost 1.81 blendd builds with. A local package of that
# name that depends on Boost.Thread 1.81 settles it (the library's headers build with 1.81; the
# library itself links no Boost). Built here with dpkg-deb: nothing leaves the machine.
if ! dpkg-query -W -f='${Status}' libphonenumber-dev 2>/dev/null | grep -q 'ok installed'; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: must run as root to install libphonenumber-dev" >&2
    exit 1
  fi
  echo "install-deps: installing libphonenumber-dev (with a libboost-thread-dev shim for Boost 1.81)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  if ! dpkg-query -W -f='${Status}' libboost-thread-dev 2>/dev/null | grep -q 'ok installed'; then
    shim=$(mktemp -d)
    mkdir -p "$shim/pkg/DEBIAN"
    cat >"$shim/pkg/DEBIAN/control" <<'CONTROL'
Package: libboost-thread-dev
Version: 1.74.0.3+blendd1
Architecture: all
Maintainer: blendd developers <root@localhost>
Depends: libboost-thread1.81-dev
Description: blendd's stand-in for the default Boost.Thread development package
 Lets libphonenumber-dev install beside Boost 1.81 (Debian 12 ties it to Boost 1.74).
CONTROL
    dpkg-deb --build "$shim/pkg" "$shim/libboost-thread-dev-shim.deb" >/dev/null
    apt-get install -y -qq --no-install-recommends "$shim/libboost-thread-dev-shim.deb" >/dev/null
    rm -rf "$shim"
  fi
  apt-get install -y -qq --no-install-recommends libphonenumber-dev >/dev/null
fi

# The browser tests drive Debian's chromium with playwright-core (npm registry, pinned by the
# lock file; it downloads no browser of its own).
browser_dir="$(dirname "$0")/../tests/browser"
if [[ ! -d "$browser_dir/node_modules/playwright-core" ]]; then
  echo "install-deps: npm ci in tests/browser"
  npm ci --prefix "$browser_dir" --no-audit --no-fund --loglevel=error >/dev/null
fi
