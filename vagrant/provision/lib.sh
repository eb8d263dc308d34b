# shellcheck shell=bash
# lib.sh — sourced by every provisioning script; never run on its own.
# SPDX-License-Identifier: Apache-2.0
#
# The Vagrantfile uploads this file to every VM (a "file" provisioner, so no
# synced folder is needed) and passes its path in MESOSCOPE_PROVISION_LIB.
#
# What it gives the scripts:
#   - strict mode (errexit, nounset, pipefail, errtrace) and an ERR trap that
#     prints the failing command, its line and the call stack, then exits
#     with the command's status: a provisioning error is never silent;
#   - ms_write: replace a file only when its content, mode or owner differ,
#     counting changes in ms_changed, so re-provisioning changes nothing;
#   - ms_apt_install, ms_service_up, ms_wait and small Mesos HTTP helpers.

set -Eeuo pipefail
umask 022
export DEBIAN_FRONTEND=noninteractive
export LC_ALL=C.UTF-8

# Set by each script before sourcing this file; names the step in messages.
MS_STEP="${MS_STEP:-provision}"
# Number of files ms_write changed since the script last reset it.
ms_changed=0

ms_log() {
  printf '[%s] %s\n' "$MS_STEP" "$*"
}

ms_warn() {
  printf '[%s] WARNING: %s\n' "$MS_STEP" "$*" >&2
}

ms_die() {
  printf '[%s] ERROR: %s\n' "$MS_STEP" "$*" >&2
  exit 1
}

ms_on_error() {
  local status=$1 line=$2 command=$3 frame i=0

  {
    printf '\n[%s] FAILED with exit status %s\n' "$MS_STEP" "$status"
    printf '[%s]   command: %s\n' "$MS_STEP" "$command"
    printf '[%s]   at: %s line %s\n' "$MS_STEP" "${BASH_SOURCE[1]:-?}" "$line"
    while frame=$(caller "$i"); do
      printf '[%s]   called from: %s\n' "$MS_STEP" "$frame"
      i=$((i + 1))
    done
    printf '[%s] Fix the cause and run "vagrant provision %s" again: every step is safe to repeat.\n' \
      "$MS_STEP" "$(hostname)"
  } >&2
  exit "$status"
}
trap 'ms_on_error "$?" "$LINENO" "$BASH_COMMAND"' ERR

ms_require_root() {
  [[ $(id -u) -eq 0 ]] || ms_die "must run as root (Vagrant's shell provisioner does)"
}

# ms_write FILE [MODE [OWNER]] < content
# Replaces FILE atomically when its content, mode or owner differ from the
# wanted ones, and counts the change in ms_changed. Creates parent dirs.
ms_write() {
  local dest=$1 mode=${2:-0644} owner=${3:-root:root} tmp

  mkdir -p "$(dirname "$dest")"
  tmp=$(mktemp "$dest.XXXXXX")
  cat >"$tmp"
  if [[ -f $dest ]] && cmp -s "$tmp" "$dest" &&
     [[ $(stat -c '%a %U:%G' "$dest") == "${mode#0} $owner" ]]; then
    rm -f "$tmp"
    return 0
  fi
  chmod "$mode" "$tmp"
  chown "$owner" "$tmp"
  mv -f "$tmp" "$dest"
  ms_changed=$((ms_changed + 1))
  ms_log "wrote $dest"
}

# ms_unit NAME < unit file: installs /etc/systemd/system/NAME and reloads
# systemd when it changed (ms_changed counts it too).
ms_unit() {
  local before=$ms_changed

  ms_write "/etc/systemd/system/$1" 0644
  if ((ms_changed > before)); then
    systemctl daemon-reload
  fi
}

ms_apt_install() {
  local missing=() pkg try

  for pkg in "$@"; do
    if ! dpkg-query -W -f="\${Status}" "$pkg" 2>/dev/null | grep 'install ok installed' >/dev/null; then
      missing+=("$pkg")
    fi
  done
  ((${#missing[@]} > 0)) || return 0

  ms_log "installing Debian packages: ${missing[*]}"
  for try in 1 2 3; do
    if apt-get -q update -o DPkg::Lock::Timeout=300; then
      break
    fi
    ((try < 3)) || ms_die "apt-get update failed 3 times: is the VM online (NAT adapter, DNS)?"
    ms_warn "apt-get update failed (try $try of 3); retrying in 10 s"
    sleep 10
  done
  apt-get -q -y install --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"
}

# ms_service_up UNIT RESTART: enables UNIT, restarts it when RESTART is 1
# (its configuration changed) and starts it when it is not running.
ms_service_up() {
  local unit=$1 restart=$2

  if ! systemctl is-enabled --quiet "$unit"; then
    systemctl enable --quiet "$unit"
    ms_log "enabled $unit (starts on boot)"
  fi
  if [[ $restart == 1 ]] && systemctl is-active --quiet "$unit"; then
    ms_log "restarting $unit: its configuration changed"
    systemctl restart "$unit"
  elif ! systemctl is-active --quiet "$unit"; then
    ms_log "starting $unit"
    systemctl reset-failed "$unit" 2>/dev/null || true
    systemctl start "$unit"
  else
    ms_log "$unit is running; configuration unchanged"
  fi
}

# ms_wait SECONDS COMMAND...: runs COMMAND every 2 s until it succeeds;
# returns 1 when SECONDS have passed without success.
ms_wait() {
  local deadline=$((SECONDS + $1))

  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 2
  done
}

# ms_mesos_leader HOST:PORT: prints the leading master (host:port) as the
# master at HOST:PORT sees it, from the Location of its /master/redirect
# (a 307 to "//host:port"). Fails when it does not answer or knows no leader.
ms_mesos_leader() {
  local headers leader

  headers=$(curl -s -m 3 -o /dev/null -D - "http://$1/master/redirect") || return 1
  leader=$(printf '%s\n' "$headers" | tr -d '\r' |
           sed -n 's#^[Ll]ocation: *//\([^/]*\).*#\1#p')
  [[ -n $leader ]] || return 1
  printf '%s\n' "$leader"
}

# ms_mesos_get HOST:PORT PATH: the leader's JSON for PATH (e.g.
# /master/slaves), asked of the leader that HOST:PORT names.
ms_mesos_get() {
  local leader

  leader=$(ms_mesos_leader "$1") || return 1
  curl -sf -m 5 "http://$leader$2"
}

# ms_mesos_ready HOST:PORT: succeeds when the leader that HOST:PORT names
# has recovered its registry and serves the operator API (until then
# /api/v1 answers 503 "Master has not finished recovery").
ms_mesos_ready() {
  local leader

  leader=$(ms_mesos_leader "$1") || return 1
  curl -sf -m 5 -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d '{"type":"GET_HEALTH"}' "http://$leader/api/v1"
}

# ms_zk_hosts ZK_URL: the hosts of zk://host:port,host:port/path, one a line.
ms_zk_hosts() {
  local hosts=${1#zk://}

  hosts=${hosts%%/*}
  hosts=${hosts##*@}
  printf '%s\n' "${hosts//,/$'\n'}" | sed 's/:[0-9]*$//'
}

# Where mesos-image.sh unpacks the root filesystem of the Mesos image.
MS_MESOS_ROOTFS=/opt/mesos/rootfs

ms_require_mesos() {
  [[ -x $MS_MESOS_ROOTFS/usr/sbin/mesos-master ]] ||
    ms_die "Mesos is not unpacked in $MS_MESOS_ROOTFS: run the mesos-image provisioner first (vagrant provision)"
}

# ms_require_zk_url URL: dies unless URL is a zk://hosts/path as Mesos' --zk takes it.
ms_require_zk_url() {
  [[ $1 == zk://*/* ]] || ms_die "ZK_URL must look like zk://host:port,.../path (got '$1')"
}
