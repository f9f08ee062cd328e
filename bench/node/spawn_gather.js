// spawn_gather, plain Node: 100k async functions, each awaits one setImmediate and returns
// i; Promise.all of them.
import { check, emit, immediate, measure, perSecond, workloads } from "../lib/harness.js";

const spec = workloads.spawn_gather;
const n = spec.tasks;

async function child(i) {
  await immediate();
  return i;
}

async function main() {
  const t0 = performance.now();
  const promises = new Array(n);
  for (let i = 0; i < n; i++) promises[i] = child(i);
  const results = await Promise.all(promises);
  const ms = performance.now() - t0;
  check(results.length === n && results[n - 1] === n - 1, "Promise.all returned the results");
  return perSecond(n, ms);
}

emit({ spawn_gather: await measure(spec, main) });
