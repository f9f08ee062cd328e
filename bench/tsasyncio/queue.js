// queue: one producer, one consumer, 200k items through Queue(100).
import { Queue, createTask, run } from "tsasyncio";
import { check, emit, measure, perSecond, workloads } from "../lib/harness.js";

const spec = workloads.queue;
const n = spec.items;

function* producer(q) {
  for (let i = 0; i < n; i++) yield* q.put(i);
}

function* consumer(q) {
  let expected = 0;
  for (let i = 0; i < n; i++) {
    const x = yield* q.get();
    if (x === expected) expected++;
  }
  return expected;
}

function* main() {
  const q = new Queue(spec.maxsize);
  const t0 = performance.now();
  const p = createTask(producer(q));
  const c = createTask(consumer(q));
  yield* p;
  const got = yield* c;
  const ms = performance.now() - t0;
  check(got === n, "every item arrived, in order");
  return perSecond(n, ms);
}

emit({ queue: await measure(spec, () => run(main())) });
