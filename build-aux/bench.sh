#!/usr/bin/env bash
# bench.sh — run the benchmarks and print their figures.
# SPDX-License-Identifier: Apache-2.0
#
# Builds an optimised tree (release, -O2) so the figures mean something.
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="${BUILDDIR:-$top/_build/bench}"
cd "$top"

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" --buildtype=release >/dev/null
fi
meson compile -C "$builddir" bench-stream >/dev/null

echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
"$builddir/tests/bench/bench-stream" events 200000
"$builddir/tests/bench/bench-stream" snapshot 1000 10000
"$builddir/tests/bench/bench-stream" snapshot 10000 100000
