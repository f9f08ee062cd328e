// The seed tutorial's programs (examples/src/tutorial.ts) on the VirtualTimeLoop: the same
// lines as the tutorial, and its timings (3 s in sequence, 2 s with createTask).
import { format } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { VirtualTimeLoop, getRunningLoop, run, type Coroutine } from "tsasyncio";
import * as tutorial from "../../../examples/src/tutorial.js";

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    lines.push(format(...args));
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `main` on a VirtualTimeLoop; returns the virtual seconds it took. */
async function timed(main: () => Coroutine<unknown>): Promise<number> {
  return run(
    (function* () {
      const t0 = getRunningLoop().time();
      yield* main();
      return getRunningLoop().time() - t0;
    })(),
    { loopFactory: () => new VirtualTimeLoop() },
  );
}

const HMS = /^\d\d:\d\d:\d\d$/;

function seconds(hms: string): number {
  const [h, m, s] = hms.split(":").map(Number) as [number, number, number];
  return h * 3600 + m * 60 + s;
}

describe("the seed tutorial, translated", () => {
  it("hello / world with a 1 s sleep", async () => {
    expect(await timed(tutorial.helloWorld)).toBe(1);
    expect(lines).toEqual(["hello", "world"]);
  });

  it("awaiting say_after twice in sequence takes 3 s", async () => {
    expect(await timed(tutorial.sequential)).toBe(3);
    expect(lines.map((l) => l.replace(/\d\d:\d\d:\d\d/, "HH:MM:SS"))).toEqual([
      "started at HH:MM:SS",
      "hello",
      "world",
      "finished at HH:MM:SS",
    ]);
    const started = lines[0]!.slice("started at ".length);
    const finished = lines[3]!.slice("finished at ".length);
    expect(started).toMatch(HMS);
    expect((seconds(finished) - seconds(started) + 86400) % 86400).toBe(3);
  });

  it("with createTask the two run concurrently: 2 s", async () => {
    expect(await timed(tutorial.concurrent)).toBe(2);
    expect(lines.slice(1, 3)).toEqual(["hello", "world"]);
    const started = lines[0]!.slice("started at ".length);
    const finished = lines[3]!.slice("finished at ".length);
    expect((seconds(finished) - seconds(started) + 86400) % 86400).toBe(2);
  });

  it("awaitables: a coroutine called without yield* does nothing", async () => {
    await timed(tutorial.awaitCoroutine);
    expect(lines).toEqual(["something"]);
  });

  it("awaitables: a Task", async () => {
    await timed(tutorial.awaitTask);
    expect(lines).toEqual(["42"]);
  });

  it("awaitables: a Future, directly and through gather", async () => {
    await timed(tutorial.awaitFuture);
    expect(lines).toEqual(["a future's result", "a future's result 42"]);
  });

  it("createTask outside a running loop raises RuntimeError: no running event loop", () => {
    tutorial.createTaskOutsideLoop();
    expect(lines).toEqual(["RuntimeError: no running event loop"]);
  });

  it("createTask inside main(): the loop prints as CPython's", async () => {
    await run(tutorial.createTaskInMain());
    expect(lines).toEqual([
      "<EventLoop running=true closed=false debug=false>",
      "something is running",
    ]);
  });

  it("ensureFuture wraps a coroutine and a Promise", async () => {
    await timed(tutorial.withEnsureFuture);
    expect(lines).toEqual(["something is running", "from a Promise"]);
  });

  it("run(main(), { debug: true }) runs in debug mode", async () => {
    let debug = false;
    await run(
      (function* () {
        debug = getRunningLoop().getDebug();
        yield* tutorial.helloWorld();
      })(),
      { debug: true, loopFactory: () => new VirtualTimeLoop() },
    );
    expect(debug).toBe(true);
    expect(lines).toEqual(["hello", "world"]);
  });
});
