// The bundle budget (shared/bench/WORKLOADS.md "bundle"): a minimal program using run,
// createTask, sleep and gather, bundled with esbuild for browsers, minified and gzipped.
// The project's target is 5 kB (Effection: 5.2 kB, Effect: 31.6 kB); tsasyncio is not there
// yet (see the Performance guide), so this test holds the line at today's size plus a small
// margin: it fails on any regression, and BUDGET comes down as the size does. It also
// proves tree-shaking: such a program carries neither queues nor locks.
const TARGET = 5 * 1024;
// 13.8 kB since the leaner core of 2026-11-25 (smaller Tasks, no Handle per step, timers
// run from the heap): about 1 kB of code bought 28% less memory per task and 1.5-2x the
// spawn rate; see the Performance guide.
const BUDGET = 13.8 * 1024;
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

// Bundled with code splitting, as Vite, Rollup and webpack do by default: what a page loads
// up front is the entry chunk and the chunks it imports statically; a dynamic import (the
// facade's lazily loaded default executor) is a chunk of its own, loaded on first use.
async function bundle(
  code: string,
): Promise<{ min: number; gz: number; text: string; lazyGz: number; lazy: string }> {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: "ts" },
    bundle: true,
    splitting: true,
    outdir: path.join(root, "node_modules/.cache/bundle-test"),
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["@tsasyncio/source"],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const key = (file: string): string => path.relative(root, file);
  const entry = Object.keys(outputs).find((k) => outputs[k]?.entryPoint !== undefined);
  // The entry chunk and, transitively, the chunks it imports statically.
  const upfront = new Set<string>();
  const visit = (k: string | undefined): void => {
    if (k === undefined || upfront.has(k)) return;
    upfront.add(k);
    for (const imp of outputs[k]?.imports ?? [])
      if (imp.kind === "import-statement") visit(imp.path);
  };
  visit(entry);
  let text = "";
  let lazy = "";
  for (const f of result.outputFiles) {
    if (upfront.has(key(f.path))) text += f.text;
    else lazy += f.text;
  }
  const gz = (s: string): number => (s === "" ? 0 : gzipSync(s, { level: 9 }).length);
  return { min: text.length, gz: gz(text), text, lazyGz: gz(lazy), lazy };
}

describe("bundle budget", () => {
  it("run + createTask + sleep + gather stays within the budget, minified and gzipped", async () => {
    const { min, gz, text, lazyGz, lazy } = await bundle(`
      import { run, createTask, sleep, gather } from "tsasyncio";
      function* child(i: number) { yield* sleep(0.01); return i; }
      run((function* () { return yield* gather(child(1), createTask(child(2))); })()).then(console.log);
    `);
    console.log(
      `bundle: ${(gz / 1024).toFixed(2)} kB min+gz (${(min / 1024).toFixed(1)} kB minified); target ${String(TARGET / 1024)} kB; the default executor's lazy chunk: ${(lazyGz / 1024).toFixed(2)} kB`,
    );
    expect(gz).toBeLessThanOrEqual(BUDGET);
    // Tree-shaking: nothing of the queues or sync layers comes along, and the worker pool
    // is only in the lazy chunk.
    expect(text).not.toContain("QueueFull");
    expect(text).not.toMatch(/BoundedSemaphore released too many times/);
    expect(text).not.toContain("maxWorkers");
    expect(lazy).toContain("maxWorkers");
  });
});
