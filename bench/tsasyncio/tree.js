// tree_none / tree_io / tree_memoization / tree_cpu_io_mixed: pyperformance's
// bm_async_tree (gather flavour), constants unchanged. One AsyncTree per process, seeded
// once, reused by every repetition, as pyperf does. `--eager` sets eagerTaskFactory.
// Usage: node bench/tsasyncio/tree.js <none|io|memoization|cpu_io_mixed> [--eager]
import { eagerTaskFactory, gather, getRunningLoop, run, sleep } from "tsasyncio";
import { factorial } from "../lib/factorial.js";
import { emit, measure, parseArgs, workloads } from "../lib/harness.js";
import { PyRandom } from "../lib/py-random.js";

const variant = process.argv[2];
const args = parseArgs();
const row = `tree_${variant}`;
const spec = workloads[row];
if (spec === undefined) throw new Error(`unknown async_tree variant ${variant}`);
const C = workloads.async_tree;

class AsyncTree {
  cache = new Map();
  random = new PyRandom(C.random_seed);
  ioCalls = 0;

  *mockIoCall() {
    this.ioCalls++;
    yield* sleep(C.io_sleep_s);
  }

  *memoization() {
    const data = this.random.randint(1, 100);
    if (data <= C.memoizable_percentage) {
      if (this.cache.get(data)) return data;
      this.cache.set(data, true);
    }
    yield* this.mockIoCall();
    return data;
  }

  *workload() {
    switch (variant) {
      case "none":
        return;
      case "io":
        return yield* this.mockIoCall();
      case "memoization":
        return yield* this.memoization();
      default:
        if (this.random.random() < C.cpu_probability) return factorial(C.factorial_n);
        return yield* this.memoization();
    }
  }

  *recurse(level) {
    if (level === 0) {
      yield* this.workload();
      return;
    }
    const children = [];
    for (let i = 0; i < C.branches; i++) children.push(this.recurse(level - 1));
    yield* gather(...children);
  }

  *run() {
    if (args.eager) getRunningLoop().setTaskFactory(eagerTaskFactory);
    const t0 = performance.now();
    yield* this.recurse(C.levels);
    return performance.now() - t0;
  }
}

const tree = new AsyncTree();
let firstIoCalls;
const result = await measure(spec, async () => {
  const ms = await run(tree.run());
  firstIoCalls ??= tree.ioCalls;
  return ms;
});
emit({ [args.eager ? `${row}_eager` : row]: result }, { check: { ioCalls: firstIoCalls } });
