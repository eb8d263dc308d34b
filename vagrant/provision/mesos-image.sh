#!/usr/bin/env bash
# mesos-image.sh IMAGE — puts Apache Mesos 1.11 on this VM.
# SPDX-License-Identifier: Apache-2.0
#
# Mesos comes from the Apache Mesos project's own container image,
# mesos/mesos-centos on Docker Hub (CentOS 7 with the project's Mesos RPM,
# built and pushed by the project's CI; see vagrant/README.md for why this
# and not a source build). No container runtime is installed: skopeo copies
# the image (every layer is checked against its sha256 digest), umoci
# unpacks it into /opt/mesos/rootfs, and the systemd units of the other
# steps run /usr/sbin/mesos-master and /usr/sbin/mesos-agent from that tree
# with RootDirectory= (a chroot with /proc, /sys, /dev; the host's network).
#
# IMAGE is a reference skopeo understands without its "docker://" prefix
# (docker.io/mesos/mesos-centos:1.11.0, or pinned:
# docker.io/mesos/mesos-centos@sha256:...), or "auto" for the candidates
# below, tried in order. Re-running with the same IMAGE changes nothing.
MS_STEP=mesos-image
lib=${MESOSCOPE_PROVISION_LIB:-/tmp/mesoscope-provision-lib.sh}
if [[ ! -r $lib ]]; then
  echo "[$MS_STEP] ERROR: $lib is missing: run all of 'vagrant provision' (its first step uploads it)" >&2
  exit 1
fi
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$lib"
ms_require_root

requested=${1:-auto}
top=/opt/mesos
rootfs=$MS_MESOS_ROOTFS
stamp=$top/image

if [[ $requested == auto ]]; then
  # The release itself, then the head of its release branch (the tag scheme
  # the Mesos CI publishes), then Mesos Mini of the same branch, which is
  # built on mesos-centos and has Mesos in the same place.
  candidates=(
    docker.io/mesos/mesos-centos:1.11.0
    docker.io/mesos/mesos-centos:1.11.x
    docker.io/mesos/mesos-mini:1.11.x
  )
else
  candidates=("$requested")
fi

if [[ -x $rootfs/usr/sbin/mesos-master && -f $stamp ]] &&
   grep -qxF "requested=$requested" "$stamp"; then
  ms_log "Mesos is in place: $(sed -n 's/^summary=//p' "$stamp")"
  exit 0
fi

ms_apt_install skopeo umoci

mkdir -p "$top"
work=$(mktemp -d /var/tmp/mesos-image.XXXXXX)
cleanup() {
  rm -rf "$work"
}
trap cleanup EXIT

# image_name REF: REF without its tag or digest (a registry port stays).
image_name() {
  local ref=${1%%@*}

  if [[ ${ref##*/} == *:* ]]; then
    ref=${ref%:*}
  fi
  printf '%s\n' "$ref"
}

pulled=""
for ref in "${candidates[@]}"; do
  ms_log "copying $ref (a few hundred MB: the slow step of this VM)"
  if skopeo copy --retry-times 3 "docker://$ref" "dir:$work/image"; then
    pulled=$ref
    break
  fi
  ms_warn "could not copy $ref"
  rm -rf "$work/image"
done
if [[ -z $pulled ]]; then
  ms_die "no Mesos image could be copied (tried: ${candidates[*]}). Check the VM's internet access and Docker Hub's pull limits, or set MESOSCOPE_MESOS_IMAGE to a copy you can reach (see vagrant/README.md), then run: vagrant provision"
fi

# The digest of the manifest as the registry serves it: pin with it.
digest="sha256:$(sha256sum "$work/image/manifest.json" | cut -d' ' -f1)"

ms_log "unpacking $pulled ($digest)"
skopeo copy "dir:$work/image" "oci:$work/oci:mesos"
rm -rf "$work/image"
umoci unpack --image "$work/oci:mesos" "$work/bundle" >/dev/null
rm -rf "$work/oci"
new=$work/bundle/rootfs

[[ -x $new/usr/sbin/mesos-master && -x $new/usr/sbin/mesos-agent ]] ||
  ms_die "$pulled has no /usr/sbin/mesos-master and /usr/sbin/mesos-agent: not a Mesos image"

# Mount points the units bind over, and the API file systems' directories.
mkdir -p "$new"/{proc,sys,dev,run,tmp,var/tmp,var/lib/mesos}
chmod 1777 "$new/tmp" "$new/var/tmp"
for file in etc/hosts etc/resolv.conf; do
  # A symlink here could point outside the tree while we are not chrooted.
  if [[ -L $new/$file ]]; then
    rm -f "$new/$file"
  fi
  touch "$new/$file"
done

# Run it the way the units will: this proves the binaries and their
# libraries work on this kernel before anything depends on them.
version=$(systemd-run --quiet --wait --pipe --collect \
            -p RootDirectory="$new" -p MountAPIVFS=yes -p PrivateTmp=yes \
            /usr/sbin/mesos-master --version </dev/null) ||
  ms_die "/usr/sbin/mesos-master --version failed inside the unpacked image"
ms_log "$version, $(du -sh "$new" | cut -f1) unpacked"

# Swap the trees; services running from the old one are restarted.
rm -rf "$top/rootfs.old"
if [[ -d $rootfs ]]; then
  mv "$rootfs" "$top/rootfs.old"
fi
mv "$new" "$rootfs"
printf 'requested=%s\nref=%s\ndigest=%s\nsummary=%s from %s@%s\n' \
  "$requested" "$pulled" "$digest" "$version" "$(image_name "$pulled")" "$digest" |
  ms_write "$stamp" 0644
for unit in mesos-master.service mesos-agent.service mesoscope-workload.service; do
  if systemctl is-active --quiet "$unit"; then
    ms_log "restarting $unit on the new image"
    systemctl restart "$unit"
  fi
done
rm -rf "$top/rootfs.old"

ms_log "Mesos is in place: $version from $pulled"
ms_log "to pin this exact image: MESOSCOPE_MESOS_IMAGE=$(image_name "$pulled")@$digest"
