// Shared by the JavaScript workload scripts: reads bench/workloads.json, runs a workload's
// warm-up and measured repetitions in this process, and prints one JSON line that
// bench/run.js reads: {"rows": {"<row>": {"cold": n, "warm": n}}, "check": …}.
// cold = the first repetition's figure, warm = the median of the measured ones.
import { readFileSync } from "node:fs";

/** Sizes of every workload (bench/workloads.json). */
export const workloads = JSON.parse(
  readFileSync(new URL("../workloads.json", import.meta.url), "utf8"),
);

/** Command-line flags of a workload script: --warmup N, --reps N, --eager. */
export function parseArgs(argv = process.argv.slice(2)) {
  const args = { warmup: undefined, reps: undefined, eager: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--warmup") args.warmup = Number(argv[++i]);
    else if (argv[i] === "--reps") args.reps = Number(argv[++i]);
    else if (argv[i] === "--eager") args.eager = true;
  }
  return args;
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs `once(i)` (which returns the figure of one repetition, in the workload's unit)
 * spec.warmup + spec.reps times; returns { cold, warm, all }.
 */
export async function measure(spec, once, args = parseArgs()) {
  const warmup = args.warmup ?? spec.warmup;
  const reps = Math.max(1, args.reps ?? spec.reps);
  const all = [];
  for (let i = 0; i < warmup + reps; i++) all.push(await once(i));
  return { cold: all[0], warm: median(all.slice(warmup)), all };
}

/** Prints the result line for bench/run.js. */
export function emit(rows, extra = {}) {
  console.log(JSON.stringify({ rows, ...extra }));
}

/** Per-second rate of `count` operations done in `ms` milliseconds. */
export const perSecond = (count, ms) => (count * 1000) / ms;

/** A Promise settled in a later host macrotask: Node's stand-in for one `sleep(0)`. */
export const immediate = () => new Promise((resolve) => setImmediate(resolve));

/** Throws when a workload's own consistency check fails (the run is then reported failed). */
export function check(condition, message) {
  if (!condition) throw new Error(`workload check failed: ${message}`);
}
