// timers: 200k callLater with delays spread over 0–50 ms, cancel every other one, wait for
// the rest. Figure: wall time from the first callLater to the last callback, per timer.
import { getRunningLoop, run } from "tsasyncio";
import { check, emit, measure, workloads } from "../lib/harness.js";

const spec = workloads.timers;
const n = spec.timers;
// A permutation of 0..n-1 (7919 is prime and does not divide n): delays in scrambled order.
const delay = (i) => (((i * 7919) % n) / n) * (spec.max_delay_ms / 1000);

function* main() {
  const loop = getRunningLoop();
  const done = loop.createFuture();
  let remaining = n - Math.floor(n / 2);
  let fired = 0;
  const cb = () => {
    fired++;
    if (--remaining === 0) done.setResult(undefined);
  };
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const h = loop.callLater(delay(i), cb);
    if (i % 2 === 1) h.cancel();
  }
  yield* done;
  const ms = performance.now() - t0;
  check(fired === n - Math.floor(n / 2), "only the uncancelled timers fired");
  return (ms * 1e6) / n;
}

emit({ timers: await measure(spec, () => run(main())) });
