// switch, plain Node: 1000 async functions × 200 awaits of setImmediate.
import { check, emit, immediate, measure, perSecond, workloads } from "../lib/harness.js";

const spec = workloads.switch;
let switches = 0;

async function worker() {
  for (let i = 0; i < spec.switches; i++) {
    await immediate();
    switches++;
  }
}

async function main() {
  switches = 0;
  const t0 = performance.now();
  const promises = [];
  for (let i = 0; i < spec.tasks; i++) promises.push(worker());
  for (const p of promises) await p;
  const ms = performance.now() - t0;
  check(switches === spec.tasks * spec.switches, "every switch happened");
  return perSecond(spec.tasks * spec.switches, ms);
}

emit({ switch: await measure(spec, main) });
