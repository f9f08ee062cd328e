// queue, plain Node: one producer, one consumer, 200k items through a hand-rolled bounded
// queue (ring buffer, FIFO waiters resolved with Promises), maxsize 100.
import { check, emit, measure, perSecond, workloads } from "../lib/harness.js";

const spec = workloads.queue;
const n = spec.items;

class BoundedQueue {
  #buf;
  #head = 0;
  #size = 0;
  #getters = [];
  #putters = [];

  constructor(maxsize) {
    this.#buf = new Array(maxsize);
  }

  async put(item) {
    while (this.#size === this.#buf.length) await new Promise((r) => this.#putters.push(r));
    this.#buf[(this.#head + this.#size) % this.#buf.length] = item;
    this.#size++;
    this.#getters.shift()?.();
  }

  async get() {
    while (this.#size === 0) await new Promise((r) => this.#getters.push(r));
    const item = this.#buf[this.#head];
    this.#buf[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#buf.length;
    this.#size--;
    this.#putters.shift()?.();
    return item;
  }
}

async function producer(q) {
  for (let i = 0; i < n; i++) await q.put(i);
}

async function consumer(q) {
  let expected = 0;
  for (let i = 0; i < n; i++) if ((await q.get()) === expected) expected++;
  return expected;
}

async function main() {
  const q = new BoundedQueue(spec.maxsize);
  const t0 = performance.now();
  const [, got] = await Promise.all([producer(q), consumer(q)]);
  const ms = performance.now() - t0;
  check(got === n, "every item arrived, in order");
  return perSecond(n, ms);
}

emit({ queue: await measure(spec, main) });
