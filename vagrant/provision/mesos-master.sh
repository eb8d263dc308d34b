#!/usr/bin/env bash
# mesos-master.sh IP ZK_URL QUORUM SESSION_TIMEOUT_S wait|nowait
# SPDX-License-Identifier: Apache-2.0
#
# One Mesos master of the replicated (HA) group: mesos-master.service runs
# /usr/sbin/mesos-master from the root filesystem mesos-image.sh unpacked,
# with --zk, --quorum, --work_dir and --ip/--hostname set to this VM's
# host-only address, so that what the master writes into ZooKeeper is an
# address the host can reach. Restart=on-failure and enabled on boot.
#
# Also installs /usr/local/sbin/mesoscope-master-ctl, which vagrant/demo.sh
# calls to stop, kill, pause and restore this master.
#
# With "wait" (the last master of the Vagrantfile), waits until the masters
# have elected a leader. They can't before all three run: the replicated
# log that holds the registry initializes itself only when every replica is
# there, and until then an elected master gives up after one minute and is
# restarted by systemd. That is expected while the VMs come up one by one.
MS_STEP=mesos-master
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

(($# == 5)) || ms_die "usage: mesos-master.sh IP ZK_URL QUORUM SESSION_TIMEOUT_S wait|nowait"
ip=$1
zk=$2
quorum=$3
session_timeout=$4
wait_for_leader=$5
ms_require_zk_url "$zk"
[[ $session_timeout =~ ^[0-9]+$ ]] || ms_die "SESSION_TIMEOUT_S must be a number of seconds"

ctl_source=${MESOSCOPE_MASTER_CTL:-/tmp/mesoscope-master-ctl.sh}
[[ -f $ctl_source ]] || ms_die "$ctl_source is missing: the Vagrantfile's master-ctl file provisioner did not run"
ms_write /usr/local/sbin/mesoscope-master-ctl 0755 <"$ctl_source"

mkdir -p /var/lib/mesos/master
ms_changed=0

# A restarted master must not register while the ZooKeeper node of its
# previous life (same address) still leads the group: wait out the session.
restart_sec=$((session_timeout + 5))

ms_unit mesos-master.service <<EOF
# Written by vagrant/provision/mesos-master.sh.
[Unit]
Description=Apache Mesos master $ip (Mesoscope demo cluster)
Documentation=https://mesos.apache.org/documentation/latest/configuration/master/
Wants=network-online.target zookeeper.service
After=network-online.target zookeeper.service

[Service]
Type=simple
# The Mesos image's tree, with /proc, /sys, /dev and this VM's network.
RootDirectory=$MS_MESOS_ROOTFS
MountAPIVFS=yes
PrivateTmp=yes
BindPaths=/var/lib/mesos
BindReadOnlyPaths=/etc/hosts -/etc/resolv.conf
Environment=LIBPROCESS_IP=$ip
ExecStart=/usr/sbin/mesos-master \\
  --ip=$ip --hostname=$ip --port=5050 \\
  --zk=$zk \\
  --quorum=$quorum \\
  --zk_session_timeout=${session_timeout}secs \\
  --work_dir=/var/lib/mesos/master \\
  --cluster=mesoscope-vagrant
Restart=on-failure
RestartSec=$restart_sec
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
EOF

ms_service_up mesos-master.service "$((ms_changed > 0 ? 1 : 0))"

master_up() {
  curl -sf -m 3 -o /dev/null "http://$ip:5050/master/health"
}
ms_wait 60 master_up ||
  ms_die "the master does not answer on http://$ip:5050 after 60 s; see: vagrant ssh $(hostname) -c 'sudo journalctl -u mesos-master -n 50'"
ms_log "the master answers on http://$ip:5050"

if [[ $wait_for_leader == wait ]]; then
  ms_log "waiting for the masters to elect a leader that has recovered the registry (up to 5 minutes)"
  ms_wait 300 ms_mesos_ready "$ip:5050" ||
    ms_die "no leader serving the operator API after 5 minutes: are all three masters up? See: vagrant ssh m1 -c 'sudo journalctl -u mesos-master -n 50'"
  ms_log "leading master: $(ms_mesos_leader "$ip:5050"); the cluster: $zk"
fi
