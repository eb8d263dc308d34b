#!/usr/bin/env bash
# check-vagrant.sh SOURCE_ROOT — static checks of the Vagrant cluster in vagrant/.
# SPDX-License-Identifier: Apache-2.0
#
# Runs `ruby -c` on vagrant/Vagrantfile, and `bash -n` and `shellcheck -x` on
# every *.sh under vagrant/ (Vagrant's own .vagrant/ state excluded). Needs
# the Debian packages ruby and shellcheck: a missing tool is an error, not a
# skip. Prints each check, then "check-vagrant: N passed, N failed"; the
# exit status is non-zero on any failure.
set -uo pipefail

if [ $# -ne 1 ]; then
  echo "usage: check-vagrant.sh SOURCE_ROOT" >&2
  exit 2
fi
if ! cd "$1" 2>/dev/null; then
  echo "check-vagrant: no such directory: $1" >&2
  exit 1
fi
if [ ! -f vagrant/Vagrantfile ]; then
  echo "check-vagrant: $1 has no vagrant/Vagrantfile" >&2
  exit 1
fi

missing=0
for tool in ruby shellcheck; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "check-vagrant: ERROR: $tool is not installed (Debian package: $tool)" >&2
    missing=1
  fi
done
if [ "$missing" -ne 0 ]; then
  exit 1
fi

passed=0
failed=0

# check DESCRIPTION COMMAND...: runs COMMAND, prints pass or FAIL with its output
# (not TAP: the suite counts this script as one test).
check() {
  local what=$1 output

  shift
  if output=$("$@" 2>&1); then
    passed=$((passed + 1))
    printf 'pass  %s\n' "$what"
  else
    failed=$((failed + 1))
    printf 'FAIL  %s\n' "$what"
    printf '%s\n' "$output" | sed 's/^/      /'
  fi
}

echo "check-vagrant: $(ruby --version | cut -d' ' -f1-2), $(shellcheck --version | sed -n 's/^version: /shellcheck /p')"

check "ruby -c vagrant/Vagrantfile" ruby -c vagrant/Vagrantfile

mapfile -t scripts < <(find vagrant -name .vagrant -prune -o -type f -name '*.sh' -print | LC_ALL=C sort)
if [ "${#scripts[@]}" -eq 0 ]; then
  failed=$((failed + 1))
  echo "FAIL  no *.sh found under vagrant/"
fi
for script in "${scripts[@]}"; do
  check "bash -n $script" bash -n "$script"
  check "shellcheck -x $script" shellcheck -x "$script"
done

check "vagrant/demo.sh is executable" test -x vagrant/demo.sh

echo "check-vagrant: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
