// tree_*, plain Node: bm_async_tree with async functions and Promise.all (async functions
// start eagerly, so there is no separate eager flavour), setTimeout(50) for the IO.
// Usage: node bench/node/tree.js <none|io|memoization|cpu_io_mixed>
import { factorial } from "../lib/factorial.js";
import { emit, measure, workloads } from "../lib/harness.js";
import { PyRandom } from "../lib/py-random.js";

const variant = process.argv[2];
const row = `tree_${variant}`;
const spec = workloads[row];
if (spec === undefined) throw new Error(`unknown async_tree variant ${variant}`);
const C = workloads.async_tree;
const ioMs = C.io_sleep_s * 1000;

class AsyncTree {
  cache = new Map();
  random = new PyRandom(C.random_seed);
  ioCalls = 0;

  async mockIoCall() {
    this.ioCalls++;
    await new Promise((resolve) => setTimeout(resolve, ioMs));
  }

  async memoization() {
    const data = this.random.randint(1, 100);
    if (data <= C.memoizable_percentage) {
      if (this.cache.get(data)) return data;
      this.cache.set(data, true);
    }
    await this.mockIoCall();
    return data;
  }

  async workload() {
    switch (variant) {
      case "none":
        return;
      case "io":
        return this.mockIoCall();
      case "memoization":
        return this.memoization();
      default:
        if (this.random.random() < C.cpu_probability) return factorial(C.factorial_n);
        return this.memoization();
    }
  }

  async recurse(level) {
    if (level === 0) {
      await this.workload();
      return;
    }
    const children = [];
    for (let i = 0; i < C.branches; i++) children.push(this.recurse(level - 1));
    await Promise.all(children);
  }

  async run() {
    const t0 = performance.now();
    await this.recurse(C.levels);
    return performance.now() - t0;
  }
}

const tree = new AsyncTree();
let firstIoCalls;
const result = await measure(spec, async () => {
  const ms = await tree.run();
  firstIoCalls ??= tree.ioCalls;
  return ms;
});
emit({ [row]: result }, { check: { ioCalls: firstIoCalls } });
