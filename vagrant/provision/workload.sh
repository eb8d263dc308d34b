#!/usr/bin/env bash
# workload.sh IP ZK_URL — something for Mesoscope to show: one framework
# with one long-running task.
# SPDX-License-Identifier: Apache-2.0
#
# mesoscope-workload.service runs mesos-execute (the scheduler that ships
# with Mesos) from the Mesos image's tree. It subscribes through the
# ZooKeeper URL, so after a failover it re-subscribes to the new leader with
# the same framework ID, and its task "mesoscope-sleeper" (sleep, 0.1 CPU,
# 32 MB) keeps running on the agent. mesos-execute exits when its task ends;
# Restart=always starts it again. A workload that does not come up is a
# warning, not an error: the cluster itself is fine without it.
MS_STEP=workload
lib=${MESOSCOPE_PROVISION_LIB:-/tmp/mesoscope-provision-lib.sh}
if [[ ! -r $lib ]]; then
  echo "[$MS_STEP] ERROR: $lib is missing: run all of 'vagrant provision' (its first step uploads it)" >&2
  exit 1
fi
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$lib"
ms_require_root
ms_require_mesos

(($# == 2)) || ms_die "usage: workload.sh IP ZK_URL"
ip=$1
zk=$2
ms_require_zk_url "$zk"
ms_changed=0

ms_unit mesoscope-workload.service <<EOF
# Written by vagrant/provision/workload.sh.
[Unit]
Description=Mesoscope demo workload: mesos-execute with one long-running task
Wants=mesos-agent.service
After=mesos-agent.service

[Service]
Type=simple
RootDirectory=$MS_MESOS_ROOTFS
MountAPIVFS=yes
PrivateTmp=yes
BindReadOnlyPaths=/etc/hosts -/etc/resolv.conf
Environment=LIBPROCESS_IP=$ip
ExecStart=/usr/bin/mesos-execute \\
  --master=$zk \\
  --name=mesoscope-sleeper \\
  "--command=sleep 1000000000" \\
  "--resources=cpus:0.1;mem:32" \\
  --checkpoint
Restart=always
RestartSec=10

[Install]
WantedBy=multi-user.target
EOF

ms_service_up mesoscope-workload.service "$((ms_changed > 0 ? 1 : 0))"

mapfile -t masters < <(ms_zk_hosts "$zk")
task_running() {
  local master

  for master in "${masters[@]}"; do
    if ms_mesos_get "$master:5050" /master/tasks |
       jq -e '.tasks[] | select(.name == "mesoscope-sleeper" and .state == "TASK_RUNNING")' >/dev/null; then
      return 0
    fi
  done
  return 1
}
ms_log "waiting for the task mesoscope-sleeper to run (up to 2 minutes)"
if ms_wait 120 task_running; then
  ms_log "the framework \"mesos-execute instance\" runs the task mesoscope-sleeper"
else
  ms_warn "the demo task is not running after 2 minutes; the cluster works without it. See: vagrant ssh $(hostname) -c 'sudo journalctl -u mesoscope-workload -u mesos-agent -n 50'"
fi
