// bench-recordio.js — the reference for bench-stream's events figure.
//
// SPDX-License-Identifier: Apache-2.0
//
// Reads a recorded operator stream (RecordIO, as mesoscope-sim sends it) the
// way the DC/OS UI does: the body arrives as text in pieces, each piece is
// appended to what was left over, @dcos/recordio's read() cuts the records
// out, and each record goes through JSON.parse. Nothing is applied to a
// model, so this measures less work than bench-stream does. Two passes:
// framing alone (read() only), then framing and JSON.parse.
//
//   node bench-recordio.js STREAM_FILE
//
// NODE_PATH must name a node_modules with @dcos/recordio (bench.sh installs
// it with npm into the build directory).
"use strict";

const fs = require("fs");
const { read } = require("@dcos/recordio");

const bytes = fs.readFileSync(process.argv[2]);
const CHUNK = 65536;

// One pass over the stream; parse: also JSON.parse each record.
function pass(parse) {
  const decoder = new TextDecoder("utf-8");
  let rest = "";
  let events = 0;
  let typed = 0;

  const start = process.hrtime.bigint();
  for (let off = 0; off < bytes.length; off += CHUNK) {
    const piece = decoder.decode(bytes.subarray(off, off + CHUNK), { stream: true });
    const [records, left] = read(rest + piece);
    for (const record of records) {
      if (parse && JSON.parse(record).type)
        typed++;
      events++;
    }
    rest = left;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;

  if (rest.length !== 0 || (parse && typed !== events)) {
    console.error(`bench-recordio: ${rest.length} characters left over, ${events - typed} records without a type`);
    process.exit(1);
  }
  return [events, seconds];
}

const [n, decodeSeconds] = pass(false);
const [, parseSeconds] = pass(true);
console.log(`events_node n=${n} bytes=${bytes.length} ` +
            `decode_s=${decodeSeconds.toFixed(3)} decode_events_per_s=${Math.round(n / decodeSeconds)} ` +
            `decode_parse_s=${parseSeconds.toFixed(3)} events_per_s=${Math.round(n / parseSeconds)} ` +
            `peak_rss_mb=${Math.round(process.resourceUsage().maxRSS / 1024)}`);
