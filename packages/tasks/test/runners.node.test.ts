// The Node-only cases of Lib/test/test_asyncio/test_runners.py (Ctrl-C is SIGINT, debug
// mode from the environment) and run()'s deadlock report, which needs Node's 'beforeExit'
// (a child process lets Node emit it for real).
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  CancelledError,
  Future,
  KeyboardInterrupt,
  RuntimeError,
  getRunningLoop,
  type Context,
} from "@tsasyncio/futures";
import { EventLoop, getEventLoop, type TaskFactory } from "@tsasyncio/loop";
import {
  Runner,
  Task,
  createTask,
  currentTask,
  run,
  sleep,
  type Coroutine,
} from "@tsasyncio/tasks";
import { closeLoops } from "./helpers.js";

afterEach(closeLoops);

/** CPython's `_thread.interrupt_main()`: what Ctrl-C does, as Node delivers it. */
function interruptSelf(): void {
  process.emit("SIGINT", "SIGINT");
}

/**
 * Runs `body` with no other SIGINT listener installed (the test runner may have one), so
 * that run() installs its own, as it does in a plain Node program.
 */
async function withoutOtherSigintListeners<T>(body: () => Promise<T>): Promise<T> {
  const others = process.listeners("SIGINT");
  for (const l of others) process.off("SIGINT", l);
  try {
    return await body();
  } finally {
    for (const l of others) process.on("SIGINT", l);
  }
}

describe("RunTests", () => {
  it("test_asyncio_run_debug", async () => {
    function* main(expected: boolean): Coroutine<void> {
      const loop = getEventLoop();
      expect(loop.getDebug()).toBe(expected);
    }
    await run(main(false), { debug: false });
    await run(main(true), { debug: true });
    const saved = process.env["TSASYNCIO_DEBUG"];
    try {
      process.env["TSASYNCIO_DEBUG"] = "1";
      await run(main(true));
      await run(main(false), { debug: false });
      process.env["TSASYNCIO_DEBUG"] = "0";
      await run(main(true), { debug: true });
      await run(main(false));
    } finally {
      if (saved === undefined) delete process.env["TSASYNCIO_DEBUG"];
      else process.env["TSASYNCIO_DEBUG"] = saved;
    }
  });

  it("test_asyncio_run_without_uncancel", async () => {
    // A task factory whose tasks have no uncancel() (cpython issue 95097): Ctrl-C then ends
    // run() with the CancelledError.
    class WrappedTask<T> {
      readonly _task: Task<T>;
      constructor(loop: EventLoop, coro: Coroutine<T>, options: object) {
        this._task = new Task(coro, { ...options, loop });
      }
      cancel(msg?: string): boolean {
        return this._task.cancel(msg);
      }
      addDoneCallback(fn: (f: unknown) => void, options?: { context?: Context }): void {
        this._task.addDoneCallback(() => fn(this), options);
      }
      removeDoneCallback(fn: (f: unknown) => void): number {
        return this._task.removeDoneCallback(fn);
      }
      get _asyncioFutureBlocking(): boolean {
        return this._task._asyncioFutureBlocking;
      }
      result(): T {
        return this._task.result();
      }
      done(): boolean {
        return this._task.done();
      }
      cancelled(): boolean {
        return this._task.cancelled();
      }
      exception(): unknown {
        return this._task.exception();
      }
      getLoop(): EventLoop {
        return this._task.getLoop() as EventLoop;
      }
      setName(name: string): void {
        this._task.setName(name);
      }
    }
    function* main(): Coroutine<void> {
      interruptSelf();
      yield* getRunningLoop().createFuture();
    }
    const newLoop = (): EventLoop => {
      const loop = new EventLoop();
      loop.setTaskFactory(
        ((l: EventLoop, c: Coroutine<unknown>, o: object) =>
          new WrappedTask(l, c, o)) as unknown as TaskFactory,
      );
      return loop;
    };
    await withoutOtherSigintListeners(async () => {
      const e = await run(main(), { loopFactory: newLoop }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CancelledError);
      expect(e).not.toBeInstanceOf(KeyboardInterrupt);
    });
  });
});

describe("RunnerTests", () => {
  it("test_interrupt_call_soon", async () => {
    // The only case when task is not suspended by waiting a future or another task
    let sawCancel = false;
    function* coro(): Coroutine<never> {
      try {
        for (;;) yield* sleep(0);
      } catch (e) {
        sawCancel = e instanceof CancelledError;
      }
      throw new CancelledError();
    }
    await withoutOtherSigintListeners(async () => {
      await using runner = new Runner();
      runner.getLoop().callLater(0.01, interruptSelf);
      await expect(runner.run(coro())).rejects.toBeInstanceOf(KeyboardInterrupt);
    });
    expect(sawCancel).toBe(true);
  });

  it("test_interrupt_wait", async () => {
    // interrupting when waiting a future cancels both future and main task
    let sawCancel = false;
    function* coro(fut: Future): Coroutine<never> {
      try {
        yield* fut;
      } catch (e) {
        sawCancel = e instanceof CancelledError;
      }
      throw new CancelledError();
    }
    await withoutOtherSigintListeners(async () => {
      await using runner = new Runner();
      const fut = runner.getLoop().createFuture();
      runner.getLoop().callLater(0.01, interruptSelf);
      await expect(runner.run(coro(fut))).rejects.toBeInstanceOf(KeyboardInterrupt);
      expect(fut.cancelled()).toBe(true);
    });
    expect(sawCancel).toBe(true);
  });

  it("test_interrupt_cancelled_task", async () => {
    // interrupting cancelled main task doesn't raise KeyboardInterrupt
    function* subtask(task: Task): Coroutine<void> {
      yield* sleep(0);
      task.cancel();
      interruptSelf();
    }
    function* coro(): Coroutine<void> {
      createTask(subtask(currentTask()!));
      yield* sleep(10);
    }
    await withoutOtherSigintListeners(async () => {
      await using runner = new Runner();
      const e = await runner.run(coro()).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CancelledError);
      expect(e).not.toBeInstanceOf(KeyboardInterrupt);
    });
  });

  it("test_signal_install_not_supported_ok", async () => {
    // Node's counterpart of a SIGINT handler that cannot be installed: one is installed
    // already. run() then leaves SIGINT alone (CPython only replaces the default handler).
    const mine = (): void => {};
    await withoutOtherSigintListeners(async () => {
      process.on("SIGINT", mine);
      try {
        function* coro(): Coroutine<number> {
          expect(process.listeners("SIGINT")).toEqual([mine]);
          return 1;
        }
        expect(await run(coro())).toBe(1);
        expect(process.listeners("SIGINT")).toEqual([mine]);
      } finally {
        process.off("SIGINT", mine);
      }
    });
  });
});

describe("run() in Node (TypeScript)", () => {
  it("Ctrl-C cancels the main task, run() rejects with KeyboardInterrupt, the handler goes", async () => {
    await withoutOtherSigintListeners(async () => {
      let finallyRan = false;
      let listenersDuringRun = -1;
      function* main(): Coroutine<void> {
        listenersDuringRun = process.listenerCount("SIGINT");
        try {
          yield* sleep(3600);
        } finally {
          finallyRan = true;
        }
      }
      const p = run(main());
      await new Promise((r) => setTimeout(r, 20));
      expect(process.listenerCount("SIGINT")).toBe(1);
      interruptSelf();
      await expect(p).rejects.toBeInstanceOf(KeyboardInterrupt);
      expect(finallyRan).toBe(true);
      expect(listenersDuringRun).toBe(1);
      expect(process.listenerCount("SIGINT")).toBe(0);
    });
  });

  it("a main task that catches the cancellation finishes normally", async () => {
    await withoutOtherSigintListeners(async () => {
      function* main(): Coroutine<string> {
        try {
          yield* sleep(3600);
        } catch (e) {
          if (e instanceof CancelledError) return "cleaned up";
          throw e;
        }
        return "slept";
      }
      const p = run(main());
      await new Promise((r) => setTimeout(r, 20));
      interruptSelf();
      expect(await p).toBe("cleaned up");
    });
  });

  it("the deadlock report: 'beforeExit' while the main task waits rejects run()", async () => {
    // Node emits 'beforeExit' only when it has nothing left to do, which a test runner never
    // reaches; here the listener run() installed is called directly (the child-process test
    // below lets Node do it).
    const before = new Set(process.listeners("beforeExit"));
    let helper: Task | null = null;
    function* main(): Coroutine<void> {
      const never = getRunningLoop().createFuture();
      helper = createTask(
        (function* () {
          yield* never;
        })(),
        { name: "helper" },
      );
      yield* getRunningLoop().createFuture();
    }
    const p = run(main());
    await new Promise((r) => setTimeout(r, 20));
    const added = process.listeners("beforeExit").filter((l) => !before.has(l));
    expect(added).toHaveLength(1);
    added[0]!(0);
    const e = await p.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RuntimeError);
    const msg = (e as Error).message;
    expect(msg).toMatch(/^run\(\) can never finish: the main task <Task pending name='Task-\d+'/);
    expect(msg).toContain("wait_for=<Future pending");
    expect(msg).toContain("Other pending tasks:");
    expect(msg).toContain("name='helper'");
    expect(helper!.cancelled()).toBe(true);
    expect(process.listeners("beforeExit").filter((l) => !before.has(l))).toEqual([]);
  });

  it("the deadlock report in a real Node process", { timeout: 30_000 }, async () => {
    const out = await runNodeScript(`
      import { run, ensureFuture } from "@tsasyncio/tasks";
      import { getRunningLoop } from "@tsasyncio/futures";
      function* waitsForHostTimer() {
        return yield* ensureFuture(new Promise((r) => setTimeout(() => r("timer fired"), 30)));
      }
      console.log(await run(waitsForHostTimer()));
      function* deadlocked() {
        yield* getRunningLoop().createFuture();
      }
      try {
        await run(deadlocked());
        console.log("finished");
      } catch (e) {
        console.log(e.name + ": " + e.message.split("\\n")[0]);
      }
    `);
    expect(out.code).toBe(0);
    expect(out.stdout.split("\n")[0]).toBe("timer fired");
    expect(out.stdout).toMatch(
      /RuntimeError: run\(\) can never finish: the main task <Task pending/,
    );
    expect(out.stdout).not.toContain("finished");
  });
});

// Runs an ES module in a child Node process against the TypeScript sources: a tiny loader
// transpiles .ts with the TypeScript compiler, and the `@tsasyncio/source` condition picks
// the sources in the packages' exports.
async function runNodeScript(
  script: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), "tsasyncio-run-"));
  const tsUrl = pathToFileURL(createRequire(import.meta.url).resolve("typescript")).href;
  writeFileSync(
    join(dir, "hooks.mjs"),
    `import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import ts from ${JSON.stringify(tsUrl)};
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    if (specifier.endsWith(".js") && /^(\\.|\\/|file:)/.test(specifier))
      return next(specifier.slice(0, -3) + ".ts", context);
    throw e;
  }
}
export async function load(url, context, next) {
  if (!url.endsWith(".ts")) return next(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(await readFile(fileName, "utf8"), {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  return { format: "module", source: outputText, shortCircuit: true };
}
`,
  );
  writeFileSync(
    join(dir, "register.mjs"),
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`,
  );
  const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
  const child = spawn(
    process.execPath,
    [
      "--conditions=@tsasyncio/source",
      "--import",
      pathToFileURL(join(dir, "register.mjs")).href,
      "--input-type=module",
      "-e",
      script,
    ],
    { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) console.error(stderr);
  return { code, stdout, stderr };
}
