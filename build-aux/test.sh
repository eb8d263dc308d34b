#!/usr/bin/env bash
# test.sh — install what is missing (as root), build, and run every test.
# SPDX-License-Identifier: Apache-2.0
#
# Usage: build-aux/test.sh [MESON_TEST_ARGS…]
# The last line printed is "N passed, N failed[, N skipped]"; the exit status
# is non-zero when anything failed. BUILDDIR overrides the build directory;
# SANITIZE=1 runs the suite under ASan+UBSan (see below); VALGRIND=1 runs
# the core tests under valgrind's memcheck (tests/valgrind.supp).
set -uo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# SANITIZE=1 builds with AddressSanitizer and UndefinedBehaviorSanitizer and
# runs the same suite with leak checking (the UI test without it: GTK's
# own allocations would drown the report).
setup_args=(-Ddevelopment=true)
if [ "${SANITIZE:-0}" = 1 ]; then
  builddir="${BUILDDIR:-$top/_build/sanitize}"
  setup_args+=("-Db_sanitize=address,undefined" -Db_lundef=false)
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:fast_unwind_on_malloc=0:abort_on_error=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
else
  builddir="${BUILDDIR:-$top/_build/test}"
fi
cd "$top" || exit 1

if [ "$(id -u)" -eq 0 ]; then
  build-aux/install-deps.sh || { echo "test.sh: installing dependencies failed" >&2; echo "0 passed, 1 failed"; exit 1; }
else
  build-aux/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
fi

if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" >/dev/null
else
  meson setup "$builddir" "${setup_args[@]}" >/dev/null
fi || { echo "test.sh: meson setup failed" >&2; echo "0 passed, 1 failed"; exit 1; }

if ! meson compile -C "$builddir"; then
  echo "test.sh: the build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# UI tests need a display: a private Xvfb when there is none, stopped
# however this script ends.
# shellcheck source=build-aux/xvfb.sh
. "$top/build-aux/xvfb.sh"
trap xvfb_stop EXIT
xvfb_start

if [ "${VALGRIND:-0}" = 1 ]; then
  meson test -C "$builddir" --print-errorlogs --num-processes 2 --setup valgrind --suite core "$@"
  meson_status=$?
  log="$builddir/meson-logs/testlog-valgrind.json"
else
  meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@"
  meson_status=$?
  log="$builddir/meson-logs/testlog.json"
fi

/usr/bin/python3 "$top/build-aux/count-results.py" "$log"
count_status=$?

if [ $meson_status -ne 0 ] || [ $count_status -ne 0 ]; then
  exit 1
fi
exit 0
