#!/usr/bin/env bash
# mesoscope-master-ctl — what vagrant/demo.sh does to the Mesos master of
# one VM. mesos-master.sh installs this file as
# /usr/local/sbin/mesoscope-master-ctl on every master VM.
# SPDX-License-Identifier: Apache-2.0
#
#   status          one line: unit state, main PID, process state (T: stopped)
#   stop            systemctl stop: SIGTERM; Mesos exits at once without
#                   closing its ZooKeeper session; systemd does not restart it
#   kill            SIGKILL to the master process; systemd restarts it
#                   (Restart=on-failure) after RestartSec
#   pause SECONDS   SIGSTOP now, SIGCONT after SECONDS (a transient systemd
#                   timer): a hung leader whose sockets stay open
#   start|restore   cancel a pending resume, SIGCONT if stopped, and start
#                   the unit if it is not running
set -euo pipefail

unit=mesos-master.service
resume=mesoscope-resume

usage() {
  echo "usage: mesoscope-master-ctl status|stop|kill|pause SECONDS|start|restore" >&2
  exit 2
}

main_pid() {
  systemctl show --property=MainPID --value "$unit"
}

# The state letter of /proc/PID/stat (R, S, T...), after the "(comm)" field.
proc_state() {
  local stat

  stat=$(cat "/proc/$1/stat" 2>/dev/null) || {
    echo "-"
    return 0
  }
  stat=${stat##*) }
  echo "${stat%% *}"
}

running_pid() {
  local pid

  pid=$(main_pid)
  if [[ ! $pid =~ ^[0-9]+$ ]] || ((pid == 0)); then
    echo "mesoscope-master-ctl: mesos-master is not running on $(hostname)" >&2
    exit 1
  fi
  echo "$pid"
}

cancel_resume() {
  systemctl stop "$resume.timer" "$resume.service" 2>/dev/null || true
  systemctl reset-failed "$resume.timer" "$resume.service" 2>/dev/null || true
}

status() {
  local pid state=-

  pid=$(main_pid)
  if [[ $pid =~ ^[0-9]+$ ]] && ((pid > 0)); then
    state=$(proc_state "$pid")
  fi
  printf '%s unit=%s pid=%s state=%s\n' "$(hostname)" \
    "$(systemctl is-active "$unit" || true)" "$pid" "$state"
}

[[ $(id -u) -eq 0 ]] || {
  echo "mesoscope-master-ctl: run as root (sudo)" >&2
  exit 1
}

case ${1:-status} in
  status)
    status
    ;;
  stop)
    systemctl stop "$unit"
    echo "$(hostname): mesos-master stopped (SIGTERM); it stays down until 'start'"
    ;;
  kill)
    pid=$(running_pid)
    kill -KILL "$pid"
    echo "$(hostname): mesos-master (pid $pid) killed with SIGKILL; systemd restarts it after $(systemctl show --property=RestartUSec --value "$unit")"
    ;;
  pause)
    seconds=${2:-}
    if [[ ! $seconds =~ ^[0-9]+$ ]] || ((seconds == 0)); then
      usage
    fi
    pid=$(running_pid)
    cancel_resume
    kill -STOP "$pid"
    systemd-run --quiet --unit="$resume" --on-active="${seconds}s" \
      --timer-property=AccuracySec=100ms /bin/kill -CONT "$pid"
    echo "$(hostname): mesos-master (pid $pid) stopped with SIGSTOP; SIGCONT in $seconds s"
    ;;
  start | restore)
    cancel_resume
    pid=$(main_pid)
    if [[ $pid =~ ^[0-9]+$ ]] && ((pid > 0)) && [[ $(proc_state "$pid") == T ]]; then
      kill -CONT "$pid"
      echo "$(hostname): mesos-master (pid $pid) resumed with SIGCONT"
    fi
    if ! systemctl is-active --quiet "$unit"; then
      systemctl reset-failed "$unit" 2>/dev/null || true
      systemctl start "$unit"
      echo "$(hostname): mesos-master started"
    fi
    status
    ;;
  *)
    usage
    ;;
esac
