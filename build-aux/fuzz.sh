#!/usr/bin/env bash
# fuzz.sh — run the libFuzzer targets (tests/fuzz) under ASan + UBSan.
# SPDX-License-Identifier: Apache-2.0
#
# Usage: build-aux/fuzz.sh [RUNS [TARGET…]]
#   RUNS     executions per target (default 10000000)
#   TARGET   recordio, state, master-info, zk-url (default: all four)
#
# Each target starts from its seed corpus (tests/fuzz/corpus/, and the
# operator fixtures for state) and keeps what it finds new in
# $BUILDDIR/corpus/TARGET, so later runs go on from there. A crash leaves
# its input in $BUILDDIR/findings/ and makes the script fail; reproduce it
# with the target and that file, or with the standalone build of the suite.
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="${BUILDDIR:-$top/_build/fuzz}"
runs="${1:-10000000}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(recordio state master-info zk-url)
cd "$top"

if ! command -v clang >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    build-aux/install-deps.sh
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends clang
  else
    echo "fuzz.sh: libFuzzer needs clang: apt-get install clang" >&2
    exit 1
  fi
fi

if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup "$builddir" -Dfuzzing=true --buildtype=debugoptimized \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
meson compile -C "$builddir" "${targets[@]/#/fuzz-}" >/dev/null

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
mkdir -p "$builddir/findings"
status=0
for target in "${targets[@]}"; do
  corpus="$builddir/corpus/$target"
  mkdir -p "$corpus"
  seeds=("tests/fuzz/corpus/$target")
  [ "$target" = state ] && seeds+=(tests/fixtures/operator)
  start=$(date +%s)
  # -rss_limit_mb: the targets' own limits keep memory small; 2 GB is a leak.
  if "$builddir/tests/fuzz/fuzz-$target" "$corpus" "${seeds[@]}" </dev/null \
      -runs="$runs" -max_len=16384 -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="$builddir/findings/$target-" -print_final_stats=1 \
      >"$builddir/fuzz-$target.log" 2>&1; then
    result=ok
  else
    result=FINDING
    status=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$builddir/fuzz-$target.log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "$builddir/fuzz-$target.log" | tail -1 | grep -o '[0-9]*' || echo "?")
  echo "fuzz target=$target execs=$execs seconds=$(( $(date +%s) - start )) coverage_edges=$cov corpus=$(find "$corpus" -type f | wc -l) result=$result"
  [ $result = ok ] || tail -40 "$builddir/fuzz-$target.log" >&2
done
exit $status
