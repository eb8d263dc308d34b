#!/usr/bin/env bash
# bench.sh — run the benchmarks and print their figures.
# SPDX-License-Identifier: Apache-2.0
#
# Installs what is missing (as root), builds an optimised tree (meson's
# release: -O3) so the figures mean something, and runs every benchmark.
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="${BUILDDIR:-$top/_build/bench}"
cd "$top"

build-aux/install-deps.sh --bench

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" --buildtype=release >/dev/null
fi
meson compile -C "$builddir" >/dev/null

echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
/usr/bin/python3 tests/bench/bench-failover.py "$builddir/src/cli/mesoscope-cli" 100 \
  "$builddir/src/sim/mesoscope-sim" 3
/usr/bin/python3 tests/bench/bench-idle.py "$builddir/src/cli/mesoscope-cli" \
  "$builddir/src/sim/mesoscope-sim" 10000 100000 60
# The stream's reference: @dcos/recordio (the DC/OS UI's decoder) in node.
node_script=""
if command -v node >/dev/null && command -v npm >/dev/null; then
  if [ ! -d "$builddir/node/node_modules/@dcos/recordio" ]; then
    npm install --prefix "$builddir/node" --no-audit --no-fund --silent @dcos/recordio@0.1.8 >/dev/null
  fi
  export NODE_PATH="$builddir/node/node_modules"
  node_script="tests/bench/bench-recordio.js"
else
  echo "bench.sh: no node and npm: the stream benchmark runs without its @dcos/recordio reference" >&2
fi
"$builddir/tests/bench/bench-stream" events 1000000 $node_script
"$builddir/tests/bench/bench-stream" snapshot 1000 10000
"$builddir/tests/bench/bench-stream" snapshot 10000 100000

# The window needs a display: a private Xvfb when there is none.
# shellcheck source=build-aux/xvfb.sh
. "$top/build-aux/xvfb.sh"
trap xvfb_stop EXIT
xvfb_start
export MESOSCOPE_SIM="$builddir/src/sim/mesoscope-sim"
export GSETTINGS_BACKEND=memory DBUS_SESSION_BUS_ADDRESS=disabled: GTK_A11Y=none
# The window as it runs: under Xvfb OpenGL is Mesa's llvmpipe, so it draws
# with GTK's cairo renderer (src/ui/ms-renderer.c). Then, for reference,
# with GTK's OpenGL renderer forced onto llvmpipe (see RESULTS.md).
# The 100k-task window three times, and the median of each figure: one run
# on the 2-core VM says as much about the minute it ran in.
"$builddir/tests/bench/bench-window" 1000 10000 1000 10
window_runs=$(mktemp)
for _ in 1 2 3; do
  "$builddir/tests/bench/bench-window" 10000 100000 1000 10 | tee -a "$window_runs"
done
awk '/^window /{
       for (i = 2; i <= NF; i++) {
         split($i, kv, "=");
         if (kv[2] ~ /^[0-9.]+$/) { v[kv[1], ++n[kv[1]]] = kv[2]; if (!(kv[1] in seen)) { seen[kv[1]] = 1; order[++k] = kv[1] } }
         else if (kv[1] == "renderer") renderer = kv[2]
       }
     }
     END {
       line = "window median runs=3 renderer=" renderer;
       for (j = 1; j <= k; j++) {
         key = order[j]; m = n[key];
         for (a = 1; a <= m; a++) s[a] = v[key, a];
         for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (s[b] + 0 < s[a] + 0) { t = s[a]; s[a] = s[b]; s[b] = t }
         line = line " " key "=" s[int((m + 1) / 2)];
       }
       print line
     }' "$window_runs"
rm -f "$window_runs"
GSK_RENDERER=gl "$builddir/tests/bench/bench-window" 1000 10000 1000 10
GSK_RENDERER=gl "$builddir/tests/bench/bench-window" 10000 100000 1000 10
