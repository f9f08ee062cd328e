// memory: 100k tasks blocked on one Event; heap growth after gc, per pending task.
// Needs `node --expose-gc` (bench/run.js passes it).
import { Event, createTask, run, sleep } from "tsasyncio";
import { check, emit, measure, workloads } from "../lib/harness.js";

const spec = workloads.memory;
const n = spec.tasks;

function* waiter(ev) {
  yield* ev.wait();
}

function heapAfterGc() {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function* main() {
  const ev = new Event();
  const tasks = new Array(n);
  const before = heapAfterGc();
  for (let i = 0; i < n; i++) tasks[i] = createTask(waiter(ev));
  yield* sleep(0); // every task has started and now waits on the Event
  const after = heapAfterGc();
  check(
    tasks.every((t) => !t.done()),
    "all tasks are pending",
  );
  ev.set();
  for (const t of tasks) yield* t;
  return (after - before) / n;
}

if (typeof gc !== "function") throw new Error("run with node --expose-gc");
emit({ memory: await measure(spec, () => run(main())) });
