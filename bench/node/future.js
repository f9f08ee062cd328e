// future, plain Node: the native Promise doing what the tsasyncio `future` workload does —
// create it, add a callback (then), resolve it, run the callback (a microtask).
import { check, emit, measure, perSecond, workloads } from "../lib/harness.js";

const spec = workloads.future;
const n = spec.ops;
let called = 0;
const cb = () => {
  called++;
};

async function main() {
  called = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    let resolve;
    const p = new Promise((r) => (resolve = r));
    p.then(cb);
    resolve(i);
  }
  await undefined; // queued after every callback: they have all run when this resumes
  const ms = performance.now() - t0;
  check(called === n, "every callback ran");
  return perSecond(n, ms);
}

emit({ future: await measure(spec, main) });
