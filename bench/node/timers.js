// timers, plain Node: 200k setTimeout with delays spread over 0–50 ms, clearTimeout every
// other one, wait for the rest (Node keeps per-duration lists, not a heap).
import { check, emit, measure, workloads } from "../lib/harness.js";

const spec = workloads.timers;
const n = spec.timers;
const delayMs = (i) => (((i * 7919) % n) / n) * spec.max_delay_ms;

function main() {
  return new Promise((resolve, reject) => {
    let remaining = n - Math.floor(n / 2);
    let fired = 0;
    let t0 = 0;
    const cb = () => {
      fired++;
      if (--remaining === 0) {
        const ms = performance.now() - t0;
        try {
          check(fired === n - Math.floor(n / 2), "only the uncleared timers fired");
          resolve((ms * 1e6) / n);
        } catch (e) {
          reject(e);
        }
      }
    };
    t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const h = setTimeout(cb, delayMs(i));
      if (i % 2 === 1) clearTimeout(h);
    }
  });
}

emit({ timers: await measure(spec, main) });
