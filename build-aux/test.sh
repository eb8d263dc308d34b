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

# UI tests need a display: start a private Xvfb when there is none, and stop
# it however this script ends.
xvfb_pid=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null; then
  for n in $(seq 90 140); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] && continue
    Xvfb ":$n" -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 50); do
      [ -e "/tmp/.X11-unix/X$n" ] && break
      sleep 0.1
    done
    if kill -0 "$xvfb_pid" 2>/dev/null; then
      export DISPLAY=":$n"
      break
    fi
    xvfb_pid=""
  done
fi

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
