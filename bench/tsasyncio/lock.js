// lock: 100 tasks × 1000 acquisitions of one Lock, sleep(0) inside the critical section;
// asserts mutual exclusion.
import { Lock, createTask, run, sleep } from "tsasyncio";
import { check, emit, measure, perSecond, workloads } from "../lib/harness.js";

const spec = workloads.lock;
let inside = 0;
let violations = 0;
let acquisitions = 0;

function* worker(lock) {
  for (let i = 0; i < spec.acquisitions; i++) {
    yield* lock.acquire();
    try {
      if (++inside !== 1) violations++;
      acquisitions++;
      yield* sleep(0);
      inside--;
    } finally {
      lock.release();
    }
  }
}

function* main() {
  const lock = new Lock();
  acquisitions = 0;
  const t0 = performance.now();
  const tasks = [];
  for (let i = 0; i < spec.tasks; i++) tasks.push(createTask(worker(lock)));
  for (const t of tasks) yield* t;
  const ms = performance.now() - t0;
  const total = spec.tasks * spec.acquisitions;
  check(violations === 0 && acquisitions === total, "mutual exclusion held");
  return perSecond(total, ms);
}

emit({ lock: await measure(spec, () => run(main())) });
