// memory, plain Node: 100k async functions awaiting one Promise (the Event); heap growth
// after gc per pending function. Needs `node --expose-gc`.
import { emit, immediate, measure, workloads } from "../lib/harness.js";

const spec = workloads.memory;
const n = spec.tasks;

async function waiter(event) {
  await event;
}

function heapAfterGc() {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function main() {
  let set;
  const event = new Promise((resolve) => (set = resolve));
  const pending = new Array(n);
  const before = heapAfterGc();
  for (let i = 0; i < n; i++) pending[i] = waiter(event);
  await immediate();
  const after = heapAfterGc();
  set();
  await Promise.all(pending);
  return (after - before) / n;
}

if (typeof gc !== "function") throw new Error("run with node --expose-gc");
emit({ memory: await measure(spec, main) });
