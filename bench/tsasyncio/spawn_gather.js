// spawn_gather: create 100k tasks; each awaits sleep(0) once and returns i; gather all.
import { createTask, gather, run, sleep } from "tsasyncio";
import { check, emit, measure, perSecond, workloads } from "../lib/harness.js";

const spec = workloads.spawn_gather;
const n = spec.tasks;

function* child(i) {
  yield* sleep(0);
  return i;
}

function* main() {
  const t0 = performance.now();
  const tasks = new Array(n);
  for (let i = 0; i < n; i++) tasks[i] = createTask(child(i));
  const results = yield* gather(...tasks);
  const ms = performance.now() - t0;
  check(results.length === n && results[n - 1] === n - 1, "gather returned the results");
  return perSecond(n, ms);
}

emit({ spawn_gather: await measure(spec, () => run(main())) });
