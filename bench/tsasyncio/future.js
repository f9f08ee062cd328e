// future: create a Future, add a done callback, set its result, run the callback (through
// the loop, as asyncio does). Figure: operations per second.
import { getRunningLoop, run, sleep } from "tsasyncio";
import { check, emit, measure, perSecond, workloads } from "../lib/harness.js";

const spec = workloads.future;
const n = spec.ops;
let called = 0;
const cb = () => {
  called++;
};

function* main() {
  const loop = getRunningLoop();
  called = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const f = loop.createFuture();
    f.addDoneCallback(cb);
    f.setResult(i);
  }
  yield* sleep(0); // the callbacks were scheduled first: they have all run when this resumes
  const ms = performance.now() - t0;
  check(called === n, "every callback ran");
  return perSecond(n, ms);
}

emit({ future: await measure(spec, () => run(main())) });
