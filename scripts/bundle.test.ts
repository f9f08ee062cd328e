// The bundle budget (shared/bench/WORKLOADS.md "bundle"): a minimal program using run,
// createTask, sleep and gather, bundled with esbuild for browsers, minified and gzipped.
// The project's target is 5 kB (Effection: 5.2 kB, Effect: 31.6 kB); tsasyncio is not there
// yet (see the Performance guide), so this test holds the line at today's size plus a small
// margin: it fails on any regression, and BUDGET comes down as the size does. It also
// proves tree-shaking: such a program carries neither queues nor locks.
const TARGET = 5 * 1024;
// 13.8 kB since the leaner core of 2026-11-25 (smaller Tasks, no Handle per step, timers
// run from the heap): about 1 kB of code bought 28% less memory per task and 1.5-2x the
// spawn rate; see the Performance guide. 14.0 kB since the receiver protocol of the
// fourth session (a gather and a waiting or starting Task are queued as themselves, and
// run()'s first and last Task and callback take the same code paths as every other): 0.5 kB
// that took the second tree_none tree of a process from 116 ms to about 80 ms.
const BUDGET = 14.1 * 1024;
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

async function bundle(code: string): Promise<{ min: number; gz: number; text: string }> {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["@tsasyncio/source"],
    write: false,
    logLevel: "silent",
  });
  const text = result.outputFiles[0]?.text ?? "";
  return { min: text.length, gz: gzipSync(text, { level: 9 }).length, text };
}

describe("bundle budget", () => {
  it("run + createTask + sleep + gather stays within the budget, minified and gzipped", async () => {
    const { min, gz, text } = await bundle(`
      import { run, createTask, sleep, gather } from "tsasyncio";
      function* child(i: number) { yield* sleep(0.01); return i; }
      run((function* () { return yield* gather(child(1), createTask(child(2))); })()).then(console.log);
    `);
    console.log(
      `bundle: ${(gz / 1024).toFixed(2)} kB min+gz (${(min / 1024).toFixed(1)} kB minified); target ${String(TARGET / 1024)} kB`,
    );
    expect(gz).toBeLessThanOrEqual(BUDGET);
    // Tree-shaking: nothing of the queues or sync layers comes along, nor the worker pool
    // (the facade wires the default executor in Node only).
    expect(text).not.toContain("QueueFull");
    expect(text).not.toMatch(/BoundedSemaphore released too many times/);
    expect(text).not.toContain("maxWorkers");
  });
});
