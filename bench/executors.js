// executors: loop.runInExecutor on the default ThreadPoolExecutor (worker threads), side by
// side with CPython's loop.run_in_executor on its default ThreadPoolExecutor
// (bench/python/executors.py), in one command. Needs a build (`pnpm build`).
//
// Usage: node bench/executors.js [--procs N] [--reps N] [--python PATH]
//          prints a markdown table (medians over N processes per side, default 3)
//        node bench/executors.js --json [--reps N]
//          runs tsasyncio's side once in this process and prints one JSON line,
//          {"rows": {"executor_first"|"executor_roundtrip"|"executor_throughput": {cold, warm}}},
//          the format bench/run.js reads from each workload script
//
// Rows (each repetition in a fresh run(), so a fresh default executor):
//   executor_first      ms from a loop's first runInExecutor(null, …) to its result (a worker
//                       thread starts: tens of ms in Node, tens of µs for a CPython thread)
//   executor_roundtrip  µs per job: 200 trivial jobs one after the other, pool warm
//   executor_throughput jobs/s: 1000 small jobs submitted at once and gathered, pool warm
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUNDTRIPS = 200;
const JOBS = 1000;
const WARMUP = 1;

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const reps = Math.max(1, Number(opt("--reps", 5)));

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function side() {
  const { run } = await import("@tsasyncio/tasks");
  const { gather } = await import("@tsasyncio/gather");
  const { getRunningLoop } = await import("@tsasyncio/futures");
  const { installDefaultExecutor } = await import("../packages/executors/dist/index.js");
  installDefaultExecutor();
  const trivial = () => 0;
  const small = (i) => i * 2;
  function* once() {
    const loop = getRunningLoop();
    let t0 = performance.now();
    yield* loop.runInExecutor(null, trivial);
    const first = performance.now() - t0;
    // Warm the pool: as many jobs at once as it may have workers.
    yield* gather(...Array.from({ length: 32 }, () => loop.runInExecutor(null, trivial)));
    t0 = performance.now();
    for (let i = 0; i < ROUNDTRIPS; i++) yield* loop.runInExecutor(null, trivial);
    const roundtrip = ((performance.now() - t0) * 1000) / ROUNDTRIPS;
    t0 = performance.now();
    const results = yield* gather(
      ...Array.from({ length: JOBS }, (_, i) => loop.runInExecutor(null, small, i)),
    );
    const throughput = (JOBS * 1000) / (performance.now() - t0);
    if (results[JOBS - 1] !== (JOBS - 1) * 2) throw new Error("workload check failed");
    return [first, roundtrip, throughput];
  }
  const runs = [];
  for (let i = 0; i < WARMUP + reps; i++) runs.push(await run(once()));
  const row = (k) => {
    const all = runs.map((r) => r[k]);
    return { cold: all[0], warm: median(all.slice(WARMUP)), all };
  };
  const { availableParallelism } = await import("node:os");
  console.log(
    JSON.stringify({
      rows: {
        executor_first: row(0),
        executor_roundtrip: row(1),
        executor_throughput: row(2),
      },
      threads: availableParallelism(),
    }),
  );
}

function table() {
  const procs = Math.max(1, Number(opt("--procs", 3)));
  const python = opt("--python", process.env.BENCH_PYTHON || "python3");
  const runOne = (cmd, args) => {
    const r = spawnSync(cmd, args, { encoding: "utf8", cwd: path.dirname(here), timeout: 300_000 });
    if (r.status !== 0) return { error: (r.stderr || String(r.error)).trim().split("\n").pop() };
    return JSON.parse(r.stdout.trim().split("\n").pop());
  };
  const results = { tsasyncio: [], cpython: [] };
  for (let p = 0; p < procs; p++) {
    process.stderr.write(`executors: process ${p + 1}/${procs}\n`);
    results.tsasyncio.push(
      runOne(process.execPath, [fileURLToPath(import.meta.url), "--json", "--reps", String(reps)]),
    );
    results.cpython.push(
      runOne(python, [path.join(here, "python", "executors.py"), "--reps", String(reps)]),
    );
  }
  const ver = spawnSync(python, ["-c", "import platform; print(platform.python_version())"], {
    encoding: "utf8",
  });
  const rows = [
    ["executor_first", "ms to the first result (thread start)", false],
    ["executor_roundtrip", `µs per job (${ROUNDTRIPS} in sequence, warm pool)`, false],
    ["executor_throughput", `jobs/s (${JOBS} at once, gathered)`, true],
  ];
  const cell = (system, row) => {
    const ok = results[system].filter((r) => r.rows);
    if (ok.length === 0) return null;
    return {
      warm: median(ok.map((r) => r.rows[row].warm)),
      cold: median(ok.map((r) => r.rows[row].cold)),
      threads: ok[0].threads,
    };
  };
  const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  const lines = [
    `| workload | unit | tsasyncio (worker threads) | CPython ${ver.stdout.trim() || "?"} (threads) | ts vs CPython |`,
    "| --- | --- | ---: | ---: | ---: |",
  ];
  for (const [row, unit, higher] of rows) {
    const ts = cell("tsasyncio", row);
    const py = cell("cpython", row);
    const ratio = ts && py ? (higher ? ts.warm / py.warm : py.warm / ts.warm) : null;
    lines.push(
      `| ${row} | ${unit} | ${ts ? `${fmt(ts.warm)} (${fmt(ts.cold)})` : "error"} | ${py ? `${fmt(py.warm)} (${fmt(py.cold)})` : "n/a"} | ${ratio ? `${ratio.toFixed(2)}×` : ""} |`,
    );
  }
  const tsThreads = results.tsasyncio.find((r) => r.threads)?.threads;
  const pyThreads = results.cpython.find((r) => r.threads)?.threads;
  lines.push(
    "",
    `warm (cold): median over ${procs} processes of the median of ${reps} runs (the first run). ` +
      `Default pool size: tsasyncio ${tsThreads ?? "?"} workers (CPUs), CPython ${pyThreads ?? "?"} threads (min(32, CPUs + 4)). ` +
      "ts vs CPython above 1× means tsasyncio is better.",
  );
  for (const [system, rs] of Object.entries(results))
    for (const r of rs) if (r.error) lines.push(`${system}: ${r.error}`);
  console.log(lines.join("\n"));
}

if (argv.includes("--json")) await side();
else table();
