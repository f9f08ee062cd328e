// switch: 1000 tasks × 200 sleep(0) = 200k task switches.
import { createTask, run, sleep } from "tsasyncio";
import { check, emit, measure, perSecond, workloads } from "../lib/harness.js";

const spec = workloads.switch;
let switches = 0;

function* worker() {
  for (let i = 0; i < spec.switches; i++) {
    yield* sleep(0);
    switches++;
  }
}

function* main() {
  switches = 0;
  const t0 = performance.now();
  const tasks = [];
  for (let i = 0; i < spec.tasks; i++) tasks.push(createTask(worker()));
  for (const t of tasks) yield* t;
  const ms = performance.now() - t0;
  check(switches === spec.tasks * spec.switches, "every switch happened");
  return perSecond(spec.tasks * spec.switches, ms);
}

emit({ switch: await measure(spec, () => run(main())) });
