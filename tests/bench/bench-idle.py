#!/usr/bin/python3
# bench-idle.py — what following an idle cluster costs.
# SPDX-License-Identifier: Apache-2.0
#
# mesoscope-sim serves a large idle cluster (no churn, heartbeats every 15 s
# as Mesos sends them); `mesoscope-cli events` subscribes once and then
# follows it. Over SECONDS after the snapshot, it reads the follower's CPU
# time (/proc/PID/stat) and the bytes its TCP sockets received (ss -i:
# bytes_received, the operator API and ZooKeeper), scaled to one minute,
# next to what polling GET_STATE every 5 s (the web UI's habit) would
# transfer: 12 GET_STATE bodies a minute.
#
# Usage: bench-idle.py MESOSCOPE_CLI MESOSCOPE_SIM [AGENTS TASKS SECONDS]

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from kazoo.client import KazooClient

# ZooKeeper start-up and the line-reading observers are bench-failover's.
_spec = importlib.util.spec_from_file_location(
    "bench_failover", os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench-failover.py"))
failover = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(failover)


def proc_cpu_s(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def tcp_received(pid):
    """Bytes received by each TCP socket of @pid, by socket (local, peer)."""
    out = subprocess.run(["ss", "-tinpH"], capture_output=True, text=True, check=True).stdout
    sockets = {}
    current = None
    for line in out.splitlines():
        if not line.startswith((" ", "\t")):
            fields = line.split()
            current = (fields[3], fields[4]) if "pid=%d," % pid in line else None
        elif current is not None:
            for field in line.split():
                if field.startswith("bytes_received:"):
                    sockets[current] = int(field.split(":")[1])
    return sockets


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: bench-idle.py MESOSCOPE_CLI MESOSCOPE_SIM [AGENTS TASKS SECONDS]")
    cli, sim = sys.argv[1], sys.argv[2]
    agents = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    tasks = int(sys.argv[4]) if len(sys.argv) > 4 else 100000
    seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 60

    workdir = tempfile.mkdtemp(prefix="bench-idle-")
    zk_proc, port = failover.start_zookeeper(workdir)
    url = "zk://127.0.0.1:%d/bench/idle" % port
    simulator = subprocess.Popen([sim, "--zk", url, "--masters", "1", "--agents", str(agents),
                                  "--frameworks", "10", "--tasks", str(tasks), "--churn", "0",
                                  "--heartbeat", "15"],
                                 stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, text=True, bufsize=1)
    follower = failover.Events("events", [cli, "events", "--json", "--timeout", "120", url],
                               failover.mesoscope_event("stream-subscribed"))
    try:
        if follower.wait_after(0, 300) is None:
            sys.exit("bench-idle: mesoscope-cli events never subscribed")
        time.sleep(2)
        pid = follower.proc.pid
        cpu0, read0, t0 = proc_cpu_s(pid), tcp_received(pid), time.monotonic()
        time.sleep(seconds)
        cpu1, read1, t1 = proc_cpu_s(pid), tcp_received(pid), time.monotonic()
        # Sockets opened since count whole, closed ones are lost (libsoup
        # keeps its connections: the stream's and the calls' stay open).
        received = sum(n - read0.get(key, 0) for key, n in read1.items())
        per_minute = 60 / (t1 - t0)

        zk = KazooClient(hosts="127.0.0.1:%d" % port)
        zk.start()
        members = sorted(c for c in zk.get_children("/bench/idle") if c.startswith("json.info_"))
        info = json.loads(zk.get("/bench/idle/" + members[0])[0])
        zk.stop()
        request = urllib.request.Request("http://127.0.0.1:%d/api/v1" % info["port"],
                                         data=b'{"type":"GET_STATE"}',
                                         headers={"Content-Type": "application/json",
                                                  "Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            state_bytes = len(response.read())

        ours = received * per_minute
        polling = 12 * state_bytes
        print("idle agents=%d tasks=%d seconds=%.0f cpu_s_per_min=%.3f bytes_per_min=%d "
              "get_state_bytes=%d polling_5s_bytes_per_min=%d ratio=%.0f"
              % (agents, tasks, t1 - t0, (cpu1 - cpu0) * per_minute, ours, state_bytes, polling,
                 polling / max(ours, 1)))
    finally:
        follower.stop()
        simulator.stdin.write("quit\n")
        try:
            simulator.wait(20)
        except subprocess.TimeoutExpired:
            simulator.kill()
        zk_proc.kill()
        zk_proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
