// lock, plain Node: 100 async functions × 1000 acquisitions of a hand-rolled FIFO lock,
// one setImmediate inside the critical section; asserts mutual exclusion.
import { check, emit, immediate, measure, perSecond, workloads } from "../lib/harness.js";

const spec = workloads.lock;

class SimpleLock {
  #locked = false;
  #waiters = [];
  #head = 0;

  acquire() {
    if (!this.#locked) {
      this.#locked = true;
      return undefined;
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  release() {
    if (this.#head < this.#waiters.length) {
      const next = this.#waiters[this.#head];
      this.#waiters[this.#head++] = undefined;
      if (this.#head > 1024 && this.#head * 2 > this.#waiters.length) {
        this.#waiters = this.#waiters.slice(this.#head);
        this.#head = 0;
      }
      next(); // ownership passes straight to the next waiter
    } else this.#locked = false;
  }
}

let inside = 0;
let violations = 0;
let acquisitions = 0;

async function worker(lock) {
  for (let i = 0; i < spec.acquisitions; i++) {
    await lock.acquire();
    try {
      if (++inside !== 1) violations++;
      acquisitions++;
      await immediate();
      inside--;
    } finally {
      lock.release();
    }
  }
}

async function main() {
  const lock = new SimpleLock();
  acquisitions = 0;
  const t0 = performance.now();
  const workers = [];
  for (let i = 0; i < spec.tasks; i++) workers.push(worker(lock));
  await Promise.all(workers);
  const ms = performance.now() - t0;
  const total = spec.tasks * spec.acquisitions;
  check(violations === 0 && acquisitions === total, "mutual exclusion held");
  return perSecond(total, ms);
}

emit({ lock: await measure(spec, main) });
