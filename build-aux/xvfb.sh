# shellcheck shell=bash
# xvfb.sh — sourced by test.sh and bench.sh: a private Xvfb when there is
# no display.
# SPDX-License-Identifier: Apache-2.0
#
# xvfb_start: when DISPLAY is unset and Xvfb is installed, starts Xvfb on
# the first free display from :90 and exports DISPLAY. xvfb_stop: stops
# it; call it from an EXIT trap, however the script ends.

xvfb_pid=""

# shellcheck disable=SC2317  # called by the callers' EXIT traps
xvfb_stop() {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
    xvfb_pid=""
  fi
}

xvfb_start() {
  [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null || return 0
  local n
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
      return 0
    fi
    xvfb_pid=""
  done
}
