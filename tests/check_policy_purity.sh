#!/usr/bin/env bash
# Fails if any file under policy/ includes (directly or transitively) an I/O library header.
set -euo pipefail
root=$1
cxx=${CXX:-c++}
shopt -s nullglob
files=("$root"/policy/*.cpp "$root"/policy/*.hpp)
if ((${#files[@]} == 0)); then
  echo "policy/ has no sources"; exit 1
fi
bad=0
for f in "${files[@]}"; do
  deps=$("$cxx" -std=c++20 -I"$root" -x c++ -M "$f")
  if grep -qE 'boost/|sofia-sip|hiredis|spdlog|yaml-cpp|systemd/' <<<"$deps"; then
    echo "IMPURE: $f pulls in:"; grep -oE '[^ ]*(boost/|sofia-sip|hiredis|spdlog|yaml-cpp|systemd/)[^ ]*' <<<"$deps" | head -5
    bad=1
  fi
done
echo "checked ${#files[@]} policy files"
exit $bad
