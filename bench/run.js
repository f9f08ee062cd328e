// The benchmark suite: runs the workloads of bench/workloads.json for tsasyncio, CPython
// asyncio (python3, and uvloop when importable) and plain Node async/await, each in fresh
// processes, and prints one markdown table of figures and ratios (also written to
// bench/results/latest.md). See bench/README.md.
//
// Usage: node bench/run.js [workload…] [--reps N] [--quick] [--python PATH]
//   workload  spawn_gather switch tree (= all tree_*) tree_none tree_io tree_memoization
//             tree_cpu_io_mixed queue lock timers memory future call_soon (default: all)
//   --reps N  processes per cell (default 3 for the JavaScript sides, 2 for CPython, whose
//             figures move less between processes); each process runs the workload's
//             warm-up and measured repetitions from workloads.json
//   --quick   one process per cell, one measured repetition per process
//   --python  the CPython interpreter (default: python3 on PATH; BENCH_PYTHON also works)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const workloads = JSON.parse(readFileSync(path.join(here, "workloads.json"), "utf8"));

const TREES = ["tree_none", "tree_io", "tree_memoization", "tree_cpu_io_mixed"];
const ALL = ["spawn_gather", "switch", ...TREES, "queue", "lock", "timers", "memory"];
ALL.push("future", "call_soon");

// Targets from shared/bench/WORKLOADS.md and the issues; `ok(ts, row)` says whether met.
const TARGETS = {
  spawn_gather: { text: "≥ 460k/s (≥ 6× CPython)", ok: (v) => v >= 460e3 },
  switch: { text: "≥ 3.5M/s (≥ 5× CPython)", ok: (v) => v >= 3.5e6 },
  tree_none: { text: "≤ 100 ms", ok: (v) => v <= 100 },
  tree_io: { text: "≤ 250 ms", ok: (v) => v <= 250 },
  tree_memoization: { text: "≤ 200 ms", ok: (v) => v <= 200 },
  tree_cpu_io_mixed: { text: "≤ 500 ms", ok: (v) => v <= 500 },
  queue: { text: "≥ 5M/s", ok: (v) => v >= 5e6 },
  lock: { text: "≥ 450k/s", ok: (v) => v >= 450e3 },
  timers: { text: "≤ 1 µs", ok: (v) => v <= 1000 },
  memory: { text: "≤ 400 B", ok: (v) => v <= 400 },
  future: { text: "within 2× of native Promise", ok: (_v, r) => r.vsNode >= 0.5 },
  call_soon: { text: "≥ 5× CPython", ok: (_v, r) => r.vsPython >= 5 },
};

// ---- options ---------------------------------------------------------------------------

const argv = process.argv.slice(2);
let procs = 3;
let pyProcs = 2;
let quick = false;
let python = process.env.BENCH_PYTHON || "python3";
const selected = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--reps" || a === "--procs") procs = pyProcs = Math.max(1, Number(argv[++i]) || 1);
  else if (a === "--quick") quick = true;
  else if (a === "--python") python = argv[++i];
  else if (a === "--help" || a === "-h") {
    const usage = readFileSync(fileURLToPath(import.meta.url), "utf8")
      .split("\n")
      .slice(5, 13);
    console.log(usage.map((l) => l.replace(/^\/\/ ?/, "")).join("\n"));
    process.exit(0);
  } else if (a === "tree") selected.push(...TREES);
  else if (ALL.includes(a)) selected.push(a);
  else {
    console.error(`bench: unknown workload or option ${a}; workloads: ${ALL.join(" ")} tree`);
    process.exit(2);
  }
}
if (quick) procs = pyProcs = 1;
const chosen = selected.length > 0 ? ALL.filter((w) => selected.includes(w)) : ALL;
const scriptArgs = quick ? ["--reps", "1"] : [];

// ---- environment -----------------------------------------------------------------------

const root = path.dirname(here);
if (!existsSync(path.join(root, "packages/tsasyncio/dist/index.js"))) {
  console.error("bench: packages are not built; run `pnpm bench` (or `pnpm build` first)");
  process.exit(1);
}

function probe(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return r.error || r.status !== 0 ? null : r.stdout.trim();
}

const pyInfo = probe(python, [
  "-c",
  "import sys, platform; print(sys.executable); print(platform.python_implementation(), platform.python_version())",
]);
const pyExe = pyInfo?.split("\n")[0];
const pyVersion = pyInfo?.split("\n")[1];
const hasUvloop =
  pyInfo !== null && probe(python, ["-c", "import uvloop; print(uvloop.__version__)"]);

// The async_tree workloads need CPython's random draws on the JavaScript side.
const rnd = spawnSync(
  process.execPath,
  [path.join(here, "check-random.js"), ...(pyInfo ? ["--python", python] : [])],
  { encoding: "utf8" },
);
process.stderr.write(rnd.stdout + rnd.stderr);
if (rnd.status !== 0) {
  console.error("bench: bench/lib/py-random.js does not match CPython's random; stopping");
  process.exit(1);
}

// ---- jobs ------------------------------------------------------------------------------

/** The processes to run for one workload: { system, cmd, args, python }. */
function jobsFor(w) {
  const jobs = [];
  const nodeFlags = w === "memory" ? ["--expose-gc"] : [];
  const add = (system, cmd, args) =>
    jobs.push({ system, cmd, args: [...args, ...scriptArgs], python: cmd === python });
  const js = (dir, file, extra = []) => [...nodeFlags, path.join(here, dir, file), ...extra];
  const py = (file, extra = []) => [path.join(here, "python", file), ...extra];
  const variant = w.startsWith("tree_") ? w.slice(5) : null;
  const flavours = variant ? [[variant], [variant, "--eager"]] : [[]];
  const file = variant ? "tree" : w;
  for (const extra of flavours) {
    add("tsasyncio", process.execPath, js("tsasyncio", `${file}.js`, extra));
    if (pyInfo) add("cpython", python, py(`${file}.py`, extra));
    if (hasUvloop) add("uvloop", python, py(`${file}.py`, [...extra, "--uvloop"]));
  }
  // Node's async functions always start eagerly: one run serves both tree flavours.
  add("node", process.execPath, js("node", `${file}.js`, variant ? [variant] : []));
  return jobs;
}

/** rows[row][system] = { runs: [{cold, warm}], na?: reason, error?: text } */
const rows = new Map();
const checks = new Map();
const problems = [];
const cellOf = (row, system) => {
  if (!rows.has(row)) rows.set(row, {});
  const r = rows.get(row);
  r[system] ??= { runs: [] };
  return r[system];
};

const secondsBySystem = {};

function runJob(job) {
  const started = Date.now();
  const r = spawnSync(job.cmd, job.args, {
    cwd: root,
    encoding: "utf8",
    timeout: 300_000,
    maxBuffer: 16 << 20,
  });
  secondsBySystem[job.system] = (secondsBySystem[job.system] ?? 0) + (Date.now() - started) / 1000;
  const lines = (r.stdout ?? "").trim().split("\n");
  let out = null;
  try {
    out = JSON.parse(lines[lines.length - 1]);
  } catch {
    out = null;
  }
  if (r.status === 0 && out !== null) return out;
  const err = `${r.error?.message ?? ""}${r.stderr ?? ""}`;
  if (
    /does not provide an export named|ERR_MODULE_NOT_FOUND|Cannot find (package|module)/.test(err)
  )
    return { na: "not built yet" };
  // The error line: Node prints "SomeError: message", Python's traceback ends with it.
  const errLines = err.split("\n").filter((l) => l.trim() !== "");
  const first =
    errLines.find((l) => /^\s*([A-Z]\w*(Error|Exception)|Error)\b/.test(l)) ?? errLines.at(-1);
  return { error: first?.trim() || `exit code ${r.status}${r.signal ? ` (${r.signal})` : ""}` };
}

const t0 = Date.now();
for (const w of chosen) {
  const jobs = jobsFor(w);
  const skip = new Set();
  for (let p = 0; p < procs; p++) {
    process.stderr.write(`bench: ${w} — process ${p + 1}/${procs}\n`);
    for (const job of jobs) {
      if (skip.has(job) || (job.python && p >= pyProcs)) continue;
      const out = runJob(job);
      if (out.na !== undefined || out.error !== undefined) {
        skip.add(job);
        // Which rows this job would have filled: known from its arguments.
        const eager = job.args.includes("--eager");
        let names = [eager ? `${w}_eager` : w];
        if (job.system === "node" && w === "call_soon") names = [w, "call_soon_microtask"];
        if (job.system === "node" && TREES.includes(w)) names = [w, `${w}_eager`];
        for (const name of names) {
          const cell = cellOf(name, job.system);
          if (out.na !== undefined) cell.na = out.na;
          else {
            cell.error = out.error;
            problems.push(`${name} · ${job.system}: ${out.error}`);
          }
        }
        continue;
      }
      for (const [name, fig] of Object.entries(out.rows)) {
        cellOf(name, job.system).runs.push({ cold: fig.cold, warm: fig.warm });
        if (job.system === "node" && TREES.includes(name))
          cellOf(`${name}_eager`, "node").runs.push({ cold: fig.cold, warm: fig.warm, same: 1 });
      }
      if (out.check !== undefined) {
        const key = `${w} (${job.system}${job.args.includes("--eager") ? ", eager" : ""})`;
        checks.set(key, JSON.stringify(out.check));
      }
    }
  }
}
const seconds = ((Date.now() - t0) / 1000).toFixed(0);

// ---- table -----------------------------------------------------------------------------

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function figure(row, system) {
  const cell = rows.get(row)?.[system];
  if (!cell || cell.runs.length === 0) return null;
  return {
    cold: median(cell.runs.map((r) => r.cold)),
    warm: median(cell.runs.map((r) => r.warm)),
  };
}

const specOf = (row) => workloads[row.replace(/_eager$|_microtask$/, "")];

function fmt(v, spec) {
  if (!Number.isFinite(v)) return "?";
  if (spec.unit.endsWith("/s")) {
    if (v >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
    if (v >= 1e3) return `${(v / 1e3).toFixed(v >= 1e5 ? 0 : 1)}k`;
    return v.toFixed(0);
  }
  return v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toPrecision(3);
}

const ratio = (ts, other, spec) => (spec.higher ? ts / other : other / ts);
const fmtRatio = (x) => (x >= 10 ? `${x.toFixed(0)}×` : `${x.toFixed(2)}×`);

function cellText(row, system) {
  const cell = rows.get(row)?.[system];
  if (system === "uvloop" && !hasUvloop) return "—";
  if (system !== "tsasyncio" && system !== "node" && !pyInfo) return "—";
  if (!cell) return "—";
  if (cell.na !== undefined) return `n/a (${cell.na})`;
  if (cell.error !== undefined) return "error";
  const f = figure(row, system);
  if (f === null) return "—";
  const same = cell.runs.some((r) => r.same) ? " ‡" : "";
  return `${fmt(f.warm, specOf(row))} (${fmt(f.cold, specOf(row))})${same}`;
}

const LABELS = {
  call_soon: "call_soon (Node: setImmediate chain)",
  call_soon_microtask: "call_soon (Node: queueMicrotask chain)",
  future: "future (Node: native Promise)",
};
const order = [];
for (const w of chosen) {
  order.push(w);
  if (TREES.includes(w)) order.push(`${w}_eager`);
  if (w === "call_soon") order.push("call_soon_microtask");
}

const pyLabel = pyInfo ? `CPython ${pyVersion.split(" ")[1]} asyncio` : "CPython (no python3)";
const uvLabel = hasUvloop ? `+ uvloop ${hasUvloop}` : "+ uvloop (not installed)";
const header = [
  "workload",
  "unit",
  "tsasyncio",
  pyLabel,
  uvLabel,
  "Node async/await",
  "ts vs CPython",
  "ts vs Node",
  "target",
];
const lines = [
  `| ${header.join(" | ")} |`,
  `| --- | --- | ${header
    .slice(2)
    .map(() => "---:")
    .join(" | ")} |`,
];
for (const row of order) {
  if (!rows.has(row)) continue;
  const spec = specOf(row);
  // The queueMicrotask chain is compared with tsasyncio's call_soon figure.
  const tsRow = row === "call_soon_microtask" ? "call_soon" : row;
  const ts = figure(tsRow, "tsasyncio");
  const py = figure(row, "cpython");
  const nd = figure(row, "node");
  const r = (other) =>
    ts && other && !(tsRow !== row && other === py)
      ? `${fmtRatio(ratio(ts.warm, other.warm, spec))} (${fmtRatio(ratio(ts.cold, other.cold, spec))})`
      : "—";
  const target = TARGETS[row];
  let targetText = target?.text ?? "—";
  if (target && ts) {
    const rs = {
      vsPython: py ? ratio(ts.warm, py.warm, spec) : NaN,
      vsNode: nd ? ratio(ts.warm, nd.warm, spec) : NaN,
    };
    targetText += target.ok(ts.warm, rs) ? " ✓" : " ✗";
  }
  const cells = [
    LABELS[row] ?? row.replace(/_eager$/, " (eager)"),
    spec.unit,
    tsRow === row ? cellText(row, "tsasyncio") : "(as above)",
    cellText(row, "cpython"),
    cellText(row, "uvloop"),
    cellText(row, "node"),
    r(py),
    r(nd),
    targetText,
  ];
  lines.push(`| ${cells.join(" | ")} |`);
}

const nodeVersion = process.version;
const when = new Date().toISOString().replace(/\.\d+Z$/, "Z");
const cpus = os.cpus();
const notes = [
  `Each cell: **warm (cold)**. In every process the workload runs its warm-up and measured ` +
    `repetitions (workloads.json); cold = the first repetition, warm = the median of the ` +
    `measured ones; each figure is the median over ${procs} fresh process${procs > 1 ? "es" : ""}` +
    (pyProcs !== procs ? ` (CPython: ${pyProcs}).` : "."),
  `Ratios compare the warm (cold) figures: above 1× means tsasyncio is better (more per ` +
    `second, or fewer ms / ns / bytes). ✓/✗: whether tsasyncio's warm figure meets the target.`,
  "‡ Node async functions always start eagerly: the eager row repeats the non-eager figures.",
];
if (!hasUvloop && pyInfo) notes.push(`uvloop is not importable for ${pyExe}: its column is empty.`);
const pyMinor = pyInfo ? Number(/\b3\.(\d+)/.exec(pyVersion)?.[1]) : NaN;
if (pyMinor < 12) notes.push("CPython eager rows need Python 3.12+ (eager_task_factory).");
if (checks.size > 0) {
  const byTree = new Map();
  for (const [k, v] of checks) {
    const tree = k.split(" ")[0];
    if (!byTree.has(tree)) byTree.set(tree, new Set());
    byTree.get(tree).add(v);
  }
  for (const [tree, set] of byTree)
    if (set.size > 1)
      notes.push(
        `**${tree}: the systems built different trees** (${[...checks.entries()]
          .filter(([k]) => k.startsWith(tree))
          .map(([k, v]) => `${k}: ${v}`)
          .join("; ")})`,
      );
  if ([...byTree.values()].every((s) => s.size === 1))
    notes.push("async_tree: every system made the same number of IO calls in its first tree.");
}
for (const p of problems) notes.push(`Error: ${p}`);

const md = [
  `## tsasyncio benchmarks — ${when}`,
  "",
  `node ${nodeVersion} · python3 = ${pyInfo ? `${pyExe} (${pyVersion})` : "not found"} · ` +
    `uvloop: ${hasUvloop ? hasUvloop : "not installed"} · ${cpus.length} × ${cpus[0]?.model.trim() ?? "?"}, ` +
    `${os.platform()} · ${procs} process${procs > 1 ? "es" : ""} per cell` +
    (pyProcs !== procs ? ` (CPython ${pyProcs})` : "") +
    ` · ${seconds} s (${Object.entries(secondsBySystem)
      .map(([k, v]) => `${k} ${v.toFixed(0)} s`)
      .join(", ")})`,
  "",
  ...lines,
  "",
  ...notes.map((n) => `- ${n}`),
  "",
].join("\n");

console.log(md);
mkdirSync(path.join(here, "results"), { recursive: true });
writeFileSync(path.join(here, "results", "latest.md"), md);
