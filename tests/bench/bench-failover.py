#!/usr/bin/python3
# bench-failover.py — how fast a clean leader exit is noticed.
# SPDX-License-Identifier: Apache-2.0
#
# Against a real local ZooKeeper, masters register as Mesos does (ephemeral
# sequential json.info_ members with MasterInfo JSON). N times, the leading
# master exits cleanly (its session closes, so ZooKeeper deletes its member)
# and a new master joins at the back. Two observers run side by side:
#
#   mesoscope  `mesoscope-cli watch --json ZK_URL`
#   kazoo      what a Python operator would write with python3-kazoo: a
#              ChildrenWatch on the group, the lowest json.info_ member read
#              and printed
#
# Each iteration is timed from just before the leader's session is closed to
# the moment the harness reads the observer's line naming the new leader.
#
# With MESOSCOPE_SIM, it then crashes the leader of a simulated cluster with
# Mesos' timings (heartbeats every 15 s, 10 s ZooKeeper sessions) a few
# times: the leader freezes and its member stays until its session expires.
# It times `mesoscope-cli events` suspecting the crash against the kazoo
# watch seeing the new leader (what every ZooKeeper-only tool waits for).
#
# Usage: bench-failover.py MESOSCOPE_CLI [N [MESOSCOPE_SIM [CRASHES]]]

import json
import logging
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from kazoo.client import KazooClient

PATH = "/bench/mesos"

KAZOO_WATCHER = r"""
import json, sys
from kazoo.client import KazooClient

zk = KazooClient(hosts=sys.argv[1])
zk.start()
path = sys.argv[2]
last = None

@zk.ChildrenWatch(path)
def changed(children):
    global last
    members = sorted((c for c in children if c.startswith("json.info_")),
                     key=lambda c: int(c.rsplit("_", 1)[1]))
    if not members:
        return
    data, _ = zk.get(path + "/" + members[0])
    leader = json.loads(data)["id"]
    if leader != last:
        last = leader
        print(leader, flush=True)

sys.stdin.read()
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_zookeeper(workdir):
    port = free_port()
    data = os.path.join(workdir, "data")
    os.makedirs(data)
    cfg = os.path.join(workdir, "zoo.cfg")
    with open(cfg, "w") as f:
        f.write(f"tickTime=100\ndataDir={data}\nclientPort={port}\n"
                "clientPortAddress=127.0.0.1\nmaxClientCnxns=0\n"
                "minSessionTimeout=200\nmaxSessionTimeout=60000\n"
                "admin.enableServer=false\n4lw.commands.whitelist=ruok\n")
    log = open(os.path.join(workdir, "zookeeper.log"), "w")
    proc = subprocess.Popen(["java", "-cp", "/usr/share/java/*",
                             "-Dzookeeper.log.dir=" + workdir,
                             "org.apache.zookeeper.server.quorum.QuorumPeerMain", cfg],
                            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"ruok")
                if s.recv(4) == b"imok":
                    return proc, port
        except OSError:
            pass
        time.sleep(0.05)
    proc.kill()
    sys.exit("bench-failover: ZooKeeper did not start (see %s)" % log.name)


class Master:
    serial = 0

    def __init__(self, hosts):
        Master.serial += 1
        self.id = "bench-master-%04d" % Master.serial
        port = 5050 + Master.serial
        info = {"address": {"hostname": "m%d" % Master.serial, "ip": "127.0.0.1", "port": port},
                "hostname": "m%d" % Master.serial, "id": self.id, "ip": 16777343,
                "pid": "master@127.0.0.1:%d" % port, "port": port, "version": "1.12.0"}
        self.zk = KazooClient(hosts=hosts, timeout=10)
        self.zk.start()
        self.zk.ensure_path(PATH)
        self.path = self.zk.create(PATH + "/json.info_",
                                   json.dumps(info, sort_keys=True, separators=(",", ":")).encode(),
                                   ephemeral=True, sequence=True)

    def exit(self):
        self.zk.stop()
        self.zk.close()


class Observer:
    """Reads an observer's lines and timestamps the leader ids it names."""

    def __init__(self, name, argv, leader_of):
        self.name = name
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, bufsize=1)
        self.leader_of = leader_of
        self.seen = {}
        self.cond = threading.Condition()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.proc.stdout:
            now = time.monotonic()
            leader = self.leader_of(line)
            if leader:
                with self.cond:
                    self.seen.setdefault(leader, now)
                    self.cond.notify_all()

    def wait_for(self, leader, timeout=10):
        with self.cond:
            self.cond.wait_for(lambda: leader in self.seen, timeout)
            return self.seen.get(leader)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def mesoscope_leader(line):
    try:
        event = json.loads(line)
    except ValueError:
        return None
    if event.get("event") == "leader-elected" and "master" in event:
        return event["master"].get("id")
    return None


def mesoscope_event(*kinds):
    def match(line):
        try:
            event = json.loads(line)
        except ValueError:
            return None
        # `events --json` lines: {"time", "kind", "type", "message"}
        if event.get("type") in kinds:
            return "%s %s %s" % (event["type"], event.get("time"), event.get("message"))
        return None
    return match


class Events(Observer):
    """Keeps every matching line, in order, with the time it was read."""

    def read(self):
        for line in self.proc.stdout:
            now = time.monotonic()
            key = self.leader_of(line)
            if key:
                with self.cond:
                    self.seen[key] = now
                    self.cond.notify_all()

    def wait_after(self, start, timeout=30, kind=""):
        """The first line of @kind (any, if empty) read at or after @start."""
        def later():
            return [t for key, t in self.seen.items() if t >= start and key.startswith(kind)]

        with self.cond:
            self.cond.wait_for(later, timeout)
            times = later()
            return min(times) if times else None


def crash_bench(cli, sim, hosts, crashes):
    path = PATH + "-crash"
    url = "zk://%s%s" % (hosts, path)
    simulator = subprocess.Popen([sim, "--zk", url, "--masters", str(crashes + 1), "--agents", "20",
                                  "--frameworks", "2", "--tasks", "100", "--churn", "0",
                                  "--heartbeat", "15", "--session-timeout", "10000"],
                                 stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, text=True, bufsize=1)
    kazoo = Observer("kazoo", ["/usr/bin/python3", "-c", KAZOO_WATCHER, hosts, path],
                     lambda line: line.strip() or None)
    events = Events("events", [cli, "events", "--json", "--timeout", "60", url],
                    mesoscope_event("stream-subscribed", "leader-unreachable"))
    ours, theirs = [], []
    try:
        if events.wait_after(0, 30, "stream-subscribed") is None:
            sys.exit("bench-failover: mesoscope-cli events never subscribed")
        for _ in range(crashes):
            time.sleep(1.0)
            with kazoo.cond:
                before = len(kazoo.seen)
            start = time.monotonic()
            simulator.stdin.write("crash leader\n")
            t_suspect = events.wait_after(start, 30, "leader-unreachable")
            with kazoo.cond:
                kazoo.cond.wait_for(lambda: len(kazoo.seen) > before, 30)
                after = sorted(kazoo.seen.values())
            if t_suspect is None or len(after) <= before:
                sys.exit("bench-failover: a crash went unnoticed")
            ours.append(t_suspect - start)
            theirs.append(after[-1] - start)
            # The next leader's stream must be live before the next crash
            # (the stream stays open while the leader is only suspected).
            if events.wait_after(start, 30, "stream-subscribed") is None:
                sys.exit("bench-failover: no stream from the new leader")
        print("crash n=%d mesoscope_suspects_s=%s kazoo_sees_new_leader_s=%s ratio=%.1f target=%s"
              % (crashes, ",".join("%.2f" % v for v in ours), ",".join("%.2f" % v for v in theirs),
                 statistics.median(theirs) / statistics.median(ours),
                 "met" if statistics.median(theirs) >= 3 * statistics.median(ours) else "MISSED"))
    finally:
        for observer in (kazoo, events):
            observer.stop()
        simulator.stdin.write("quit\n")
        try:
            simulator.wait(10)
        except subprocess.TimeoutExpired:
            simulator.kill()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: bench-failover.py MESOSCOPE_CLI [N]")
    logging.basicConfig(level=logging.CRITICAL)
    cli = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    sim = sys.argv[3] if len(sys.argv) > 3 else None
    crashes = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    workdir = tempfile.mkdtemp(prefix="bench-failover-")
    zk_proc, port = start_zookeeper(workdir)
    hosts = "127.0.0.1:%d" % port
    observers = []
    masters = []
    try:
        masters = [Master(hosts), Master(hosts), Master(hosts)]
        observers = [
            Observer("mesoscope", [cli, "watch", "--json", "zk://%s%s" % (hosts, PATH)],
                     mesoscope_leader),
            Observer("kazoo", ["/usr/bin/python3", "-c", KAZOO_WATCHER, hosts, PATH],
                     lambda line: line.strip() or None),
        ]
        for observer in observers:
            if observer.wait_for(masters[0].id, 20) is None:
                sys.exit("bench-failover: %s never named the first leader" % observer.name)

        delays = {o.name: [] for o in observers}
        for _ in range(n):
            old = masters.pop(0)
            new_leader = masters[0].id
            start = time.monotonic()
            old.exit()
            for observer in observers:
                seen = observer.wait_for(new_leader)
                if seen is None:
                    sys.exit("bench-failover: %s missed leader %s" % (observer.name, new_leader))
                delays[observer.name].append((seen - start) * 1000)
            masters.append(Master(hosts))
            time.sleep(0.02)

        figures = {}
        for name, values in delays.items():
            figures[name] = (statistics.median(values), percentile(values, 99), max(values))
            print("failover observer=%s n=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f"
                  % (name, len(values), *figures[name]))
        ours, theirs = figures["mesoscope"], figures["kazoo"]
        print("failover p50_ratio_kazoo_to_mesoscope=%.2f p50_target=%s p99_target=%s"
              % (theirs[0] / ours[0], "met" if ours[0] <= theirs[0] else "MISSED",
                 "met" if ours[1] < 20 else "MISSED"))
        if sim:
            crash_bench(cli, sim, hosts, crashes)
    finally:
        for observer in observers:
            observer.stop()
        for master in masters:
            master.exit()
        zk_proc.kill()
        zk_proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
