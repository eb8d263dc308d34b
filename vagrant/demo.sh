#!/usr/bin/env bash
# demo.sh — failover demos on the Vagrant Mesos cluster (runs on the host).
# SPDX-License-Identifier: Apache-2.0
#
# Usage: vagrant/demo.sh [COMMAND]
#
#   status          the masters, who leads, and how to follow it (default)
#   watch           print every leader change until Ctrl+C
#   stop            systemctl stop the leading master (SIGTERM; stays down)
#   kill            kill -9 the leading master (systemd restarts it)
#   pause [SECONDS] SIGSTOP the leading master, SIGCONT after SECONDS
#                   (default 30): a hung leader
#   restore         resume and start every master (alias: start)
#
# After stop, kill and pause the script follows the leader for FOLLOW
# seconds (default 45; pause: SECONDS + 25) and prints each change with the
# time since the action. Leave Mesoscope open alongside:
#
#   mesoscope ZK_URL                   the window (Timeline page)
#   mesoscope-cli watch ZK_URL         the master group, one line a change
#   mesoscope-cli events ZK_URL        the operator stream across failovers
#
# The leader is read from ZooKeeper with mesoscope-cli when it is found
# ($MESOSCOPE_CLI, then PATH, then ../_build/src/cli/mesoscope-cli), else
# from the masters' /master/redirect with curl (MESOSCOPE_CLI=none forces
# that). Actions go through
# "vagrant ssh" and /usr/local/sbin/mesoscope-master-ctl on the master VM.
# Needs: vagrant, and mesoscope-cli or curl. Works with bash 3.2 (macOS).
set -euo pipefail
export LC_ALL=C

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

subnet="${MESOSCOPE_SUBNET:-192.168.56}"
zk_url="zk://$subnet.11:2181,$subnet.12:2181,$subnet.13:2181/mesos"
follow_seconds="${FOLLOW:-45}"

die() {
  echo "demo.sh: $*" >&2
  exit 1
}

usage() {
  sed -n '5,13p' "$0" | sed 's/^# \{0,1\}//'
}

master_ip() {
  echo "$subnet.1$1"
}

# The VM name (m1-m3) of a leader "ip:port", or "?".
vm_of() {
  local i

  for i in 1 2 3; do
    if [ "${1%:*}" = "$(master_ip "$i")" ]; then
      echo "m$i"
      return 0
    fi
  done
  echo "?"
}

find_cli() {
  local candidate

  [ "${MESOSCOPE_CLI:-}" != none ] || return 1
  for candidate in "${MESOSCOPE_CLI:-}" "$(command -v mesoscope-cli 2>/dev/null || true)" \
                   "$here/../_build/src/cli/mesoscope-cli"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

cli="$(find_cli || true)"
if [ -z "$cli" ] && ! command -v curl >/dev/null 2>&1; then
  die "needs mesoscope-cli (set MESOSCOPE_CLI) or curl to find the leader"
fi

# current_leader: prints "ip:port" of the leader, or nothing when none.
current_leader() {
  local i location

  if [ -n "$cli" ]; then
    "$cli" leader --timeout 3 "$zk_url" 2>/dev/null || true
    return 0
  fi
  for i in 1 2 3; do
    location="$(curl -s -m 1 -o /dev/null -D - "http://$(master_ip "$i"):5050/master/redirect" 2>/dev/null |
                tr -d '\r' | sed -n 's#^[Ll]ocation: *//\([^/]*\).*#\1#p' || true)"
    if [ -n "$location" ]; then
      echo "$location"
      return 0
    fi
  done
}

describe() {
  if [ -z "$1" ]; then
    echo "none"
  else
    echo "$1 ($(vm_of "$1"))"
  fi
}

# Seconds since the epoch, with decimals where the shell or date has them.
now() {
  if [ -n "${EPOCHREALTIME:-}" ]; then
    echo "$EPOCHREALTIME"
  else
    date +%s
  fi
}

since() {
  awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%5.1f", end - start }'
}

leader_or_die() {
  local leader

  leader="$(current_leader)"
  [ -n "$leader" ] || die "no leading master right now (try: vagrant/demo.sh restore)"
  echo "$leader"
}

ctl() {
  local vm="$1"

  shift
  command -v vagrant >/dev/null 2>&1 || die "vagrant is not installed"
  vagrant ssh "$vm" --no-tty -c "sudo /usr/local/sbin/mesoscope-master-ctl $*"
}

# follow START SECONDS: print the leader whenever it changes, for SECONDS.
follow() {
  local start="$1" seconds="$2" last="unset" leader

  echo "Following the leader for $seconds s (Ctrl+C to stop):"
  while awk -v start="$start" -v end="$(now)" -v limit="$seconds" \
            'BEGIN { exit !(end - start < limit) }'; do
    leader="$(current_leader)"
    if [ "$leader" != "$last" ]; then
      printf '  t+%ss  leader: %s\n' "$(since "$start")" "$(describe "$leader")"
      last="$leader"
    fi
    sleep 0.5
  done
}

health() {
  local code

  code="$(curl -s -m 1 -o /dev/null -w '%{http_code}' "http://$1:5050/master/health" 2>/dev/null)" || true
  case "$code" in
    200) echo "up" ;;
    000) echo "not answering (stopped, paused or booting)" ;;
    *) echo "HTTP $code" ;;
  esac
}

how_to_follow() {
  cat <<EOF

Follow it with Mesoscope while you run the demos:
  mesoscope $zk_url
  mesoscope-cli watch $zk_url
  mesoscope-cli events $zk_url
Mesos web UI: http://$(master_ip 1):5050 (any master redirects to the leader)
EOF
}

cmd_status() {
  local i leader

  leader="$(current_leader)"
  echo "ZooKeeper ensemble and Mesos masters: $zk_url"
  for i in 1 2 3; do
    if command -v curl >/dev/null 2>&1; then
      printf '  m%s  %s:5050  %s\n' "$i" "$(master_ip "$i")" "$(health "$(master_ip "$i")")"
    else
      printf '  m%s  %s:5050\n' "$i" "$(master_ip "$i")"
    fi
  done
  if [ -n "$cli" ]; then
    echo "Leader: $(describe "$leader"), read from ZooKeeper by $cli"
  else
    echo "Leader: $(describe "$leader"), as the masters' /master/redirect tell"
  fi
  how_to_follow
}

cmd_watch() {
  local start

  start="$(now)"
  echo "Leader changes as seen from the host (Ctrl+C to stop):"
  follow "$start" 999999
}

announce() {
  echo "Leader: $(describe "$1"). $2"
}

cmd_stop() {
  local leader vm start

  leader="$(leader_or_die)"
  vm="$(vm_of "$leader")"
  announce "$leader" "Stopping it: systemctl stop mesos-master on $vm."
  cat <<EOF
Expect: its stream to Mesoscope ends at once (and reconnecting is refused),
but Mesos exits on SIGTERM without closing its ZooKeeper session, so its
node stays in the group until the session expires (~10-12 s). Then the next
master leads, recovers the registry, and the agents re-register.
EOF
  ctl "$vm" stop
  start="$(now)"
  follow "$start" "$follow_seconds"
  echo "$vm stays down: vagrant/demo.sh restore"
}

cmd_kill() {
  local leader vm start

  leader="$(leader_or_die)"
  vm="$(vm_of "$leader")"
  announce "$leader" "Killing it: kill -9 on the mesos-master process of $vm."
  cat <<EOF
Expect: as with stop, the leader's node lingers until its ZooKeeper session
expires (~10-12 s) and the next master takes over. systemd restarts the
killed master after RestartSec (session timeout + 5 s), so it rejoins as a
standby with a new, higher sequence number.
EOF
  ctl "$vm" kill
  start="$(now)"
  follow "$start" "$follow_seconds"
}

cmd_pause() {
  local seconds="${1:-30}" leader vm start

  case "$seconds" in
    '' | *[!0-9]* | 0) die "pause takes a number of seconds (got '$seconds')" ;;
  esac
  leader="$(leader_or_die)"
  vm="$(vm_of "$leader")"
  announce "$leader" "Freezing it for $seconds s: SIGSTOP, then SIGCONT."
  cat <<EOF
Expect: the frozen leader keeps its sockets open and its ZooKeeper member
until the session expires (~10-12 s with the default 10 s timeout). Before
that, Mesoscope suspects a crash (after 1.5-2.5 s its GET /health probe of
the silent stream goes unanswered); then the member goes and the next master
leads. When the old leader resumes after its session expired, it exits
("committing suicide!") and systemd restarts it as a standby.
EOF
  ctl "$vm" pause "$seconds"
  start="$(now)"
  follow "$start" "${FOLLOW:-$((seconds + 25))}"
}

cmd_restore() {
  local i deadline up leader

  for i in 1 2 3; do
    ctl "m$i" restore
  done
  if command -v curl >/dev/null 2>&1; then
    echo "Waiting for the three masters to answer and one to lead..."
    deadline=$(($(date +%s) + 180))
    while :; do
      up=0
      for i in 1 2 3; do
        if [ "$(health "$(master_ip "$i")")" = "up" ]; then
          up=$((up + 1))
        fi
      done
      leader="$(current_leader)"
      if [ "$up" -eq 3 ] && [ -n "$leader" ]; then
        break
      fi
      [ "$(date +%s)" -lt "$deadline" ] ||
        die "after 3 minutes: $up of 3 masters answer, leader: $(describe "$leader")"
      sleep 2
    done
  fi
  cmd_status
}

case "${1:-status}" in
  status) cmd_status ;;
  watch) cmd_watch ;;
  stop) cmd_stop ;;
  kill) cmd_kill ;;
  pause) cmd_pause "${2:-30}" ;;
  start | restore) cmd_restore ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
