#!/usr/bin/env bash
# The rooms of the house and what each may include of blendd (docs/ARCHITECTURE.md, "Layers").
# Fails on the first file that includes a room it must not see, naming file, line and include.
set -euo pipefail
root=$1
cd "$root"
# folder (its files, not sub-folders) → the include prefixes it may use, besides its own
declare -A allowed=(
  [policy]="policy/"
  [amd]="amd/"
  [log]="log/"
  [config]="config/ policy/ log/ amd/"
  [os]="os/"
  [queue]="queue/ config/blendd_config.hpp policy/ os/"
  [queue/import]="queue/ policy/"
  [sip]="sip/ config/blendd_config.hpp policy/ log/ amd/amd_params.hpp"
  [media]="media/ sip/sdp_relay.hpp sip/audio_tap.hpp os/ amd/"
  [desk]="desk/ config/ policy/"
  [daemon/http]="daemon/http/ desk/json_text.hpp log/"
  [daemon/recordings]="daemon/recordings/ log/ queue/ media/"
  [daemon/integrations]="daemon/integrations/ log/ queue/ config/blendd_config.hpp config/http_url.hpp desk/json_text.hpp"
  [daemon/centre]="daemon/centre/ daemon/recordings/ daemon/integrations/ log/ daemon/http/http_types.hpp daemon/http/websocket_types.hpp config/ queue/ policy/ sip/ media/ desk/"
  [daemon/api]="daemon/api/ log/ daemon/centre/ daemon/recordings/ daemon/integrations/ daemon/http/ config/ queue/ policy/ sip/ desk/ web/ sim/ blendd_version.hpp"
  [sim]="sim/ config/ policy/"
)
bad=0
checked=0
for folder in "${!allowed[@]}"; do
  shopt -s nullglob
  for f in "$folder"/*.cpp "$folder"/*.hpp; do
    checked=$((checked + 1))
    while IFS=: read -r line include; do
      ok=0
      for prefix in ${allowed[$folder]}; do
        [[ $include == "$prefix"* ]] && ok=1 && break
      done
      if ((ok == 0)); then
        echo "LAYER: $f:$line includes \"$include\" (allowed: ${allowed[$folder]})"
        bad=1
      fi
    done < <(grep -n '^#include "' "$f" | sed -E 's/^([0-9]+):#include "([^"]+)".*/\1:\2/')
  done
done
((checked > 100)) || { echo "only $checked files found: wrong root?"; exit 1; }
echo "checked $checked files in ${#allowed[@]} rooms"
exit $bad
