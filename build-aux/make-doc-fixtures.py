#!/usr/bin/python3
# make-doc-fixtures.py — turn the JSON examples of Mesos' docs/operator-http-api.md
# (as quoted byte for byte in ../shared/reference/mesos-protocol.md, Appendix A)
# into strict-JSON fixtures under tests/fixtures/operator/, repairing what the
# docs get wrong. Every repair is listed in tests/fixtures/operator/README.md.
# SPDX-License-Identifier: Apache-2.0
import json
import re
import sys
from pathlib import Path

top = Path(__file__).resolve().parent.parent
reference = Path(sys.argv[1]) if len(sys.argv) > 1 else top.parent / "shared/reference/mesos-protocol.md"
out = top / "tests/fixtures/operator"
text = reference.read_text(encoding="utf-8")

sections = {}
for m in re.finditer(r"^### A\.(\d+) ([A-Z_]+)[^\n]*\n(.*?)(?=^### |\Z)", text, re.M | re.S):
    block = re.search(r"```text\n(.*?)```", m.group(3), re.S)
    sections[m.group(2)] = block.group(1)


def body(block):
    """The last JSON document of a block: the response or the event."""
    marker = max(block.rfind("HTTP Response (JSON):"), block.rfind("<event-length>"))
    rest = block[marker:]
    return rest[rest.index("{"):].rstrip()


def repair(doc):
    doc = doc.replace("{{", "{", 1) if doc.startswith("{{") else doc
    doc = re.sub(r",(\s*[}\]])", r"\1", doc)  # trailing commas
    return json.loads(doc)


fixtures = {}
for name in ("GET_HEALTH", "GET_VERSION", "GET_METRICS", "GET_STATE", "GET_AGENTS",
             "GET_FRAMEWORKS", "GET_MASTER", "GET_TASKS"):
    fixtures[name.lower()] = repair(body(sections[name]))

for name in ("HEARTBEAT", "TASK_ADDED", "TASK_UPDATED", "FRAMEWORK_ADDED",
             "FRAMEWORK_UPDATED", "FRAMEWORK_REMOVED", "AGENT_ADDED", "AGENT_REMOVED"):
    fixtures["event-" + name.lower().replace("_", "-")] = repair(body(sections[name]))

# TASK_ADDED: the docs' task lacks the required framework_id and state
# (a new task arrives TASK_STAGING); take them from the GET_STATE example.
state = fixtures["get_state"]["get_state"]
task = fixtures["event-task-added"]["task_added"]["task"]
task["framework_id"] = {"value": state["get_frameworks"]["frameworks"][0]["framework_info"]["id"]["value"]}
task["state"] = "TASK_STAGING"

# TASK_UPDATED: the docs' shape does not match master.proto; the real event is
# {framework_id, status: TaskStatus, state} (createTaskUpdated in
# src/common/protobuf_utils.cpp). Rebuilt from the docs' own ids and state.
doc = fixtures["event-task-updated"]["task_updated"]
fixtures["event-task-updated"] = {
    "type": "TASK_UPDATED",
    "task_updated": {
        "framework_id": doc["framework_id"],
        "state": doc["state"],
        "status": {
            "task_id": doc["task_id"],
            "agent_id": doc["agent_id"],
            "executor_id": doc["executor_id"],
            "state": doc["state"],
            "source": "SOURCE_EXECUTOR",
            "timestamp": 1470820172.07315,
            "uuid": "hTaLQ0b5Q1OZuab7QclTKQ==",
        },
    },
}

# SUBSCRIBED: the docs elide get_state as {...}; use the docs' GET_STATE
# example, and the heartbeat interval every master sends.
fixtures["event-subscribed"] = {
    "type": "SUBSCRIBED",
    "subscribed": {"get_state": state, "heartbeat_interval_seconds": 15.0},
}

out.mkdir(parents=True, exist_ok=True)
for name, value in fixtures.items():
    (out / f"{name}.json").write_text(json.dumps(value, indent=2, sort_keys=False) + "\n",
                                      encoding="utf-8")
print(f"wrote {len(fixtures)} fixtures to {out}")
