// Misuse that fails before any worker starts: these cases need no thread, so they run in
// any host (the rest of the suite is Node-only: *.node.test.ts).
import { RuntimeError } from "@tsasyncio/futures";
import { describe, expect, it } from "vitest";
import { ThreadPoolExecutor, toThread, type WorkerFunctionRef } from "../src/index.js";

const work = new URL("./fixtures/work.js", import.meta.url);

describe("Misuse (no worker is started)", () => {
  it("what cannot be sent is a TypeError from submit()", () => {
    const executor = new ThreadPoolExecutor(1);
    expect(() => executor.submit(Math.max, 1, 2)).toThrow(
      /submit\(\) cannot send max\(\) to a worker: it is a built-in or bound function/,
    );
    const bound = function (this: unknown) {
      return this;
    }.bind(null);
    expect(() => executor.submit(bound)).toThrow(/built-in or bound function/);
    expect(() => executor.submit(function* gen() {})).toThrow(
      /^coroutines cannot be used with submit\(\): gen is a function\*/,
    );
    expect(() =>
      executor.submit(
        class A {
          x = 1;
        } as unknown as () => void,
      ),
    ).toThrow("submit() cannot call the class A: pass a function");
    expect(() => executor.submit(42 as unknown as () => void)).toThrow(
      "submit() expected a function or { module, name }, got number 42",
    );
    expect(() => executor.submit({ module: "./work.js", name: "fib" })).toThrow(
      /needs the module's absolute URL, e.g. \{ module: new URL\("\.\/work\.js", import\.meta\.url\), name \}, got "\.\/work\.js"/,
    );
    expect(() =>
      executor.submit({ module: work, name: 1 } as unknown as WorkerFunctionRef),
    ).toThrow("submit(): a function reference needs the export's name as a string, got number 1");
    expect(executor.workerCount).toBe(0);
  });

  it("submit() after shutdown: CPython's RuntimeError", async () => {
    const executor = new ThreadPoolExecutor(2);
    await executor.shutdown();
    await executor.shutdown();
    expect(() => executor.submit(() => 1)).toThrow(
      new RuntimeError("cannot schedule new futures after shutdown"),
    );
    expect(String(executor)).toBe(
      "<ThreadPoolExecutor max_workers=2 workers=0 pending=0 shutdown=true>",
    );
  });

  it("maxWorkers must be a positive integer", () => {
    expect(() => new ThreadPoolExecutor(0)).toThrow(
      new RangeError("max_workers must be greater than 0, got 0"),
    );
    expect(() => new ThreadPoolExecutor({ maxWorkers: Number.NaN })).toThrow(
      new TypeError("maxWorkers must be an integer, got NaN"),
    );
    expect(new ThreadPoolExecutor({ maxWorkers: 3 }).maxWorkers).toBe(3);
    expect(new ThreadPoolExecutor().maxWorkers).toBeGreaterThanOrEqual(1);
  });

  it("toThread outside a running loop: RuntimeError('no running event loop')", () => {
    const coro = toThread(() => 1);
    expect(() => coro.next()).toThrow(new RuntimeError("no running event loop"));
  });
});
