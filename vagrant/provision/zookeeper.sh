#!/usr/bin/env bash
# zookeeper.sh MYID IP1,IP2,IP3 — one member of the ZooKeeper ensemble.
# SPDX-License-Identifier: Apache-2.0
#
# ZooKeeper is Debian's own package (zookeeper 3.8). Its configuration lives
# in /etc/zookeeper/conf_mesoscope, made the "zookeeper-conf" alternative the
# way the package intends (so zkCli.sh and the myid symlink in
# /var/lib/zookeeper follow it). Debian's zookeeperd ships only a SysV
# script, so the server runs under its own systemd unit, zookeeper.service:
# Restart=on-failure, enabled on boot, logging to the journal.
MS_STEP=zookeeper
lib=${MESOSCOPE_PROVISION_LIB:-/tmp/mesoscope-provision-lib.sh}
if [[ ! -r $lib ]]; then
  echo "[$MS_STEP] ERROR: $lib is missing: run all of 'vagrant provision' (its first step uploads it)" >&2
  exit 1
fi
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$lib"
ms_require_root

(($# == 2)) || ms_die "usage: zookeeper.sh MYID IP1,IP2,IP3"
myid=$1
IFS=, read -r -a servers <<<"$2"
if [[ ! $myid =~ ^[0-9]+$ ]] || ((myid < 1 || myid > ${#servers[@]})); then
  ms_die "MYID must be between 1 and ${#servers[@]} (got '$myid')"
fi

ms_apt_install zookeeper

conf=/etc/zookeeper/conf_mesoscope
example=/etc/zookeeper/conf_example
ms_changed=0

zoo_cfg() {
  local i

  cat <<'EOF'
# Written by vagrant/provision/zookeeper.sh: changes here are overwritten.
tickTime=2000
initLimit=10
syncLimit=5
dataDir=/var/lib/zookeeper
clientPort=2181
maxClientCnxns=100
# Mesos masters ask for a 10 s session (--zk_session_timeout); allow up to
# 120 s so that MESOSCOPE_ZK_SESSION_TIMEOUT can lengthen it for the demo.
minSessionTimeout=4000
maxSessionTimeout=120000
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr,stat,mntr,cons,conf
autopurge.snapRetainCount=3
autopurge.purgeInterval=24
EOF
  for i in "${!servers[@]}"; do
    printf 'server.%d=%s:2888:3888\n' "$((i + 1))" "${servers[i]}"
  done
}

ms_write "$conf/zoo.cfg" < <(zoo_cfg)
ms_write "$conf/myid" <<<"$myid"
ms_write "$conf/log4j.properties" <"$example/log4j.properties"
ms_write "$conf/environment" <"$example/environment"
ms_write "$conf/configuration.xsl" <"$example/configuration.xsl"

if ! update-alternatives --query zookeeper-conf | grep -xF "Alternative: $conf" >/dev/null; then
  update-alternatives --install /etc/zookeeper/conf zookeeper-conf "$conf" 50
fi
if [[ $(readlink -f /etc/zookeeper/conf) != "$conf" ]]; then
  update-alternatives --set zookeeper-conf "$conf"
  ms_changed=$((ms_changed + 1))
fi
# The package's /var/lib/zookeeper/myid is a symlink to conf/myid.
[[ $(cat /var/lib/zookeeper/myid) == "$myid" ]] ||
  ms_die "/var/lib/zookeeper/myid does not say $myid: is it still the package's symlink to /etc/zookeeper/conf/myid?"

classpath=/etc/zookeeper/conf:/usr/share/java/zookeeper.jar
classpath+=:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar
ms_unit zookeeper.service <<EOF
# Written by vagrant/provision/zookeeper.sh.
[Unit]
Description=Apache ZooKeeper, member $myid of the Mesoscope demo ensemble
Documentation=https://zookeeper.apache.org/doc/r3.8.0/zookeeperAdmin.html
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
User=zookeeper
Group=zookeeper
ExecStart=/usr/bin/java -Xms64m -Xmx256m \\
  -Dzookeeper.log.dir=/var/log/zookeeper -Dzookeeper.root.logger=INFO,CONSOLE \\
  -cp $classpath \\
  org.apache.zookeeper.server.quorum.QuorumPeerMain /etc/zookeeper/conf/zoo.cfg
# The JVM exits with 143 on SIGTERM: a clean stop.
SuccessExitStatus=143
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
EOF

ms_service_up zookeeper.service "$((ms_changed > 0 ? 1 : 0))"

# zk_says WORD: a ZooKeeper four-letter command on the local server.
zk_says() {
  local answer

  answer=$(exec 2>/dev/null 3<>/dev/tcp/127.0.0.1/2181 && printf '%s' "$1" >&3 && cat <&3) ||
    return 1
  printf '%s\n' "$answer"
}
# ruok answers imok as soon as the server runs, quorum or not: the first
# member is alone until the second one starts.
zk_ok() {
  [[ $(zk_says ruok) == imok ]]
}
ms_wait 90 zk_ok ||
  ms_die "ZooKeeper does not answer on 127.0.0.1:2181 after 90 s; see: vagrant ssh $(hostname) -c 'sudo journalctl -u zookeeper -n 50'"

mode=$(zk_says srvr | sed -n 's/^Mode: //p') || mode=""
ms_log "ZooKeeper member $myid is up, mode: ${mode:-not serving yet (it needs a quorum: 2 of ${#servers[@]} members)}"
