#!/usr/bin/env bash
# mesos-agent.sh IP ZK_URL — one Mesos agent.
# SPDX-License-Identifier: Apache-2.0
#
# mesos-agent.service runs /usr/sbin/mesos-agent from the Mesos image's
# tree (see mesos-image.sh) with the Mesos containerizer. Debian 12 mounts
# only the unified cgroup v2 hierarchy, which Mesos 1.11 predates: the agent
# uses the POSIX launcher and the posix/cpu,posix/mem isolators (its
# defaults pick the Linux launcher, which needs the v1 freezer hierarchy),
# and no systemd integration. Tasks are still real processes with
# sandboxes; they are just not confined by cgroups. Restart=on-failure and
# enabled on boot. Waits until the leading master lists this agent.
MS_STEP=mesos-agent
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

(($# == 2)) || ms_die "usage: mesos-agent.sh IP ZK_URL"
ip=$1
zk=$2
ms_require_zk_url "$zk"

mkdir -p /var/lib/mesos/agent
ms_changed=0

ms_unit mesos-agent.service <<EOF
# Written by vagrant/provision/mesos-agent.sh.
[Unit]
Description=Apache Mesos agent $ip (Mesoscope demo cluster)
Documentation=https://mesos.apache.org/documentation/latest/configuration/agent/
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
# The Mesos image's tree, with /proc, /sys, /dev and this VM's network.
RootDirectory=$MS_MESOS_ROOTFS
MountAPIVFS=yes
PrivateTmp=yes
BindPaths=/var/lib/mesos
BindReadOnlyPaths=/etc/hosts -/etc/resolv.conf
Environment=LIBPROCESS_IP=$ip
ExecStart=/usr/sbin/mesos-agent \\
  --ip=$ip --hostname=$ip --port=5051 \\
  --master=$zk \\
  --work_dir=/var/lib/mesos/agent \\
  --containerizers=mesos \\
  --launcher=posix \\
  --isolation=posix/cpu,posix/mem \\
  --systemd_enable_support=false
Restart=on-failure
RestartSec=5
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
EOF

ms_service_up mesos-agent.service "$((ms_changed > 0 ? 1 : 0))"

agent_up() {
  curl -sf -m 3 -o /dev/null "http://$ip:5051/health"
}
ms_wait 60 agent_up ||
  ms_die "the agent does not answer on http://$ip:5051 after 60 s; see: vagrant ssh $(hostname) -c 'sudo journalctl -u mesos-agent -n 50'"

# Any master can tell who leads; ask them in turn. The masters run on the
# ZooKeeper hosts (the Vagrantfile's layout).
mapfile -t masters < <(ms_zk_hosts "$zk")
registered() {
  local master

  for master in "${masters[@]}"; do
    if ms_mesos_get "$master:5050" /master/slaves |
       jq -e --arg ip "$ip" '.slaves[] | select(.hostname == $ip and .active)' >/dev/null; then
      return 0
    fi
  done
  return 1
}
ms_log "waiting for the leading master to list this agent (up to 3 minutes)"
ms_wait 180 registered ||
  ms_die "the leading master does not list agent $ip after 3 minutes: are the masters up and is there a leader? See: vagrant ssh $(hostname) -c 'sudo journalctl -u mesos-agent -n 50'"
ms_log "agent $ip is registered with the leading master"
