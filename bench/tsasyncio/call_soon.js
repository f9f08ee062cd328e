// call_soon: a chain of 200k callbacks, each scheduling the next with loop.callSoon.
import { getRunningLoop, run } from "tsasyncio";
import { emit, measure, perSecond, workloads } from "../lib/harness.js";

const spec = workloads.call_soon;
const n = spec.callbacks;

function* main() {
  const loop = getRunningLoop();
  const done = loop.createFuture();
  let left = n;
  const step = () => {
    if (--left === 0) done.setResult(undefined);
    else loop.callSoon(step);
  };
  const t0 = performance.now();
  loop.callSoon(step);
  yield* done;
  return perSecond(n, performance.now() - t0);
}

emit({ call_soon: await measure(spec, () => run(main())) });
