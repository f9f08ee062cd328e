import { describe, expect } from "vitest";
import { getRunningLoop } from "@tsasyncio/futures";
import { createTask, sleep } from "@tsasyncio/tasks";
import { itCo } from "../../../test-support/index.js";

describe("seed tutorial timings on the VirtualTimeLoop", () => {
  itCo("sequential awaits take 3 s, createTask 2 s", function* () {
    const loop = getRunningLoop();
    const t0 = loop.time();
    yield* sleep(1);
    yield* sleep(2);
    expect(loop.time() - t0).toBe(3);
    const t1 = loop.time();
    const a = createTask(sleep(1));
    const b = createTask(sleep(2));
    yield* a;
    yield* b;
    expect(loop.time() - t1).toBe(2);
  });
});
