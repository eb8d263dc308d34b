#!/usr/bin/env bash
# demo.sh — a local ZooKeeper, a simulated Mesos cluster and Mesoscope on it.
# SPDX-License-Identifier: Apache-2.0
#
# Installs what is missing (as root), builds, starts Debian's ZooKeeper on a
# free loopback port with its own data directory, starts mesoscope-sim with
# three masters with a workload, and opens the Mesoscope window on it
# (mesoscope-cli events when there is no display). Type simulator
# commands (kill, crash, restart N, status, help) at the prompt to cause
# failovers; "quit" or Ctrl+C stops everything this script started.
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="${BUILDDIR:-$top/_build/demo}"
cd "$top"

build-aux/install-deps.sh
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" >/dev/null
fi
meson compile -C "$builddir" >/dev/null

workdir="$(mktemp -d /tmp/mesoscope-demo-XXXXXX)"
zk_pid=""
watch_pid=""
cleanup() {
  [ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null || true
  [ -n "$zk_pid" ] && kill "$zk_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$workdir/data"
cat > "$workdir/zoo.cfg" <<CFG
tickTime=500
initLimit=10
syncLimit=5
dataDir=$workdir/data
clientPort=$port
clientPortAddress=127.0.0.1
admin.enableServer=false
4lw.commands.whitelist=ruok
CFG

classpath=""
for jar in zookeeper zookeeper-jute slf4j-api slf4j-nop netty-handler netty-common netty-buffer \
           netty-transport netty-transport-native-epoll netty-transport-native-unix-common \
           netty-resolver netty-codec commons-cli metrics-core commons-io; do
  classpath="$classpath${classpath:+:}/usr/share/java/$jar.jar"
done
java -Xmx256m -cp "$classpath" org.apache.zookeeper.server.quorum.QuorumPeerMain "$workdir/zoo.cfg" \
  >"$workdir/zookeeper.log" 2>&1 &
zk_pid=$!

for _ in $(seq 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port" && echo ruok >&3 && grep -q imok <&3) 2>/dev/null; then
    break
  fi
  sleep 0.1
done

url="zk://127.0.0.1:$port/mesos"
echo "ZooKeeper is listening on 127.0.0.1:$port; the masters register under $url"
echo "Try: kill (clean leader exit), crash (frozen leader), restart N, status, help, quit"
echo

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  # The window, on the simulated cluster (settings from the build tree).
  GSETTINGS_SCHEMA_DIR="$builddir/data" "$builddir/src/ui/mesoscope" "$url" &
  echo "The Mesoscope window is opening; the simulator's prompt is here."
else
  echo "No display: following the cluster with mesoscope-cli events instead of the window."
  "$builddir/src/cli/mesoscope-cli" events "$url" &
fi
watch_pid=$!

"$builddir/src/sim/mesoscope-sim" --zk "$url" --masters 3 --agents 20 --frameworks 4 \
  --tasks 200 --churn 2 --heartbeat 5
