// Workers and the life of the process (CPython's test_shutdown.py: test_interpreter_shutdown,
// test_hang_gh83386, test_cancel_futures_wait_false). Each case is a small program, bundled
// from the sources with esbuild and run in a child Node process: it must print what it
// computed and exit by itself. A worker that kept Node alive would hang it until the
// timeout kills it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsasyncio-executors-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function runProgram(
  name: string,
  code: string,
): Promise<{ status: number | null; out: string; err: string }> {
  const file = path.join(dir, `${name}.mjs`);
  await build({
    stdin: { contents: code, resolveDir: root, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    conditions: ["@tsasyncio/source"],
    outfile: file,
    logLevel: "silent",
  });
  const r = spawnSync(process.execPath, [file], { encoding: "utf8", timeout: 20_000 });
  return {
    status: r.status,
    out: r.stdout.trim(),
    err: r.stderr + (r.error ? String(r.error) : ""),
  };
}

const SLEEP_AND_RETURN = `function sleepAndReturn(ms, msg) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return msg;
}`;

describe("ThreadPoolShutdownTest (child processes)", { timeout: 60_000 }, () => {
  it("test_interpreter_shutdown", async () => {
    // A job still running when the program's last line ran: Node waits for it (a busy
    // worker keeps the process alive), then exits (an idle one does not).
    const r = await runProgram(
      "interpreter_shutdown",
      `import { ThreadPoolExecutor } from "./packages/executors/src/index.ts";
      ${SLEEP_AND_RETURN}
      const t = new ThreadPoolExecutor(5);
      t.submit(sleepAndReturn, 300, "apple").then(console.log);`,
    );
    expect(r.err).toBe("");
    expect(r.out).toBe("apple");
    expect(r.status).toBe(0);
  });

  it("test_hang_gh83386", async () => {
    const r = await runProgram(
      "hang_gh83386",
      `import { ThreadPoolExecutor } from "./packages/executors/src/index.ts";
      ${SLEEP_AND_RETURN}
      const t = new ThreadPoolExecutor({ maxWorkers: 3 });
      t.submit(sleepAndReturn, 300, "apple").then(console.log);
      t.shutdown({ wait: false });`,
    );
    expect(r.err).toBe("");
    expect(r.out).toBe("apple");
    expect(r.status).toBe(0);
  });

  it("test_cancel_futures_wait_false", async () => {
    const r = await runProgram(
      "cancel_futures_wait_false",
      `import { ThreadPoolExecutor } from "./packages/executors/src/index.ts";
      ${SLEEP_AND_RETURN}
      const t = new ThreadPoolExecutor(1);
      t.submit(sleepAndReturn, 100, "apple").then(console.log, () => undefined);
      t.submit(sleepAndReturn, 100, "pear").then(console.log, () => undefined);
      t.shutdown({ wait: false, cancelFutures: true });`,
    );
    expect(r.err).toBe("");
    // One worker: "apple" started at once and finishes; "pear" waited, and was cancelled.
    expect(r.out).toBe("apple");
    expect(r.status).toBe(0);
  });
});

describe("Workers and the end of run()", { timeout: 60_000 }, () => {
  it("idle workers of a pool nobody shut down do not keep the process alive", async () => {
    const r = await runProgram(
      "idle_workers",
      `import { run } from "./packages/tasks/src/index.ts";
      import { ThreadPoolExecutor, toThread } from "./packages/executors/src/index.ts";
      const pool = new ThreadPoolExecutor(2);
      const a = await run((function* () {
        return yield* toThread((x) => x + 1, 1);
      })());
      console.log(a, await pool.submit((x) => x * 2, 21), pool.workerCount);`,
    );
    expect(r.err).toBe("");
    expect(r.out).toBe("2 42 1");
    expect(r.status).toBe(0);
  });

  it("a job running when run() ends keeps the process until it finishes", async () => {
    const r = await runProgram(
      "running_job",
      `import { run } from "./packages/tasks/src/index.ts";
      import { ThreadPoolExecutor } from "./packages/executors/src/index.ts";
      ${SLEEP_AND_RETURN}
      const pool = new ThreadPoolExecutor(1);
      await run((function* () {
        pool.submit(sleepAndReturn, 300, "finished after run()").then(console.log);
      })());
      console.log("run() ended");`,
    );
    expect(r.err).toBe("");
    expect(r.out).toBe("run() ended\nfinished after run()");
    expect(r.status).toBe(0);
  });
});
