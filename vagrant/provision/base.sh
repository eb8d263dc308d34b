#!/usr/bin/env bash
# base.sh NAME IP [IP=NAME...] — what every VM of the cluster needs.
# SPDX-License-Identifier: Apache-2.0
#
# Checks that the host-only address is up, installs the few tools the other
# steps use (curl, jq), and writes the cluster's names into /etc/hosts in a
# marked block that later runs replace rather than append to.
MS_STEP=base
lib=${MESOSCOPE_PROVISION_LIB:-/tmp/mesoscope-provision-lib.sh}
if [[ ! -r $lib ]]; then
  echo "[$MS_STEP] ERROR: $lib is missing: run all of 'vagrant provision' (its first step uploads it)" >&2
  exit 1
fi
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$lib"
ms_require_root

(($# >= 2)) || ms_die "usage: base.sh NAME IP [IP=NAME...]"
name=$1
ip=$2
shift 2

if ! ip -o -4 addr show | grep " inet $ip/" >/dev/null; then
  ms_die "$ip is not configured on any interface of $name: the private_network of the Vagrantfile did not come up (VirtualBox host-only network?)"
fi

ms_apt_install curl jq ca-certificates

block="# BEGIN mesoscope cluster (vagrant/provision/base.sh; rewritten on every provision)"
for entry in "$@"; do
  [[ $entry == *=* ]] || ms_die "bad host entry '$entry' (want IP=NAME)"
  block+=$'\n'"${entry%%=*} ${entry#*=}"
done
block+=$'\n'"# END mesoscope cluster"

# /etc/hosts without the old block, then the new block at the end.
{
  sed '/^# BEGIN mesoscope cluster/,/^# END mesoscope cluster/d' /etc/hosts
  printf '%s\n' "$block"
} | ms_write /etc/hosts 0644

ms_log "$name is ready: $ip, $(nproc) CPU, $(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo) RAM"
