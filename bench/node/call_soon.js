// call_soon, plain Node: a chain of 200k callbacks, each scheduling the next with
// setImmediate (row call_soon) and with queueMicrotask (row call_soon_microtask).
import { emit, measure, perSecond, workloads } from "../lib/harness.js";

const spec = workloads.call_soon;
const n = spec.callbacks;

function chain(schedule) {
  return new Promise((resolve) => {
    let left = n;
    const t0 = performance.now();
    const step = () => {
      if (--left === 0) resolve(perSecond(n, performance.now() - t0));
      else schedule(step);
    };
    schedule(step);
  });
}

const immediate = await measure(spec, () => chain(setImmediate));
const microtask = await measure(spec, () => chain(queueMicrotask));
emit({ call_soon: immediate, call_soon_microtask: microtask });
