import { describe, expect, it } from "vitest";
import * as asyncio from "tsasyncio";
import * as futures from "@tsasyncio/futures";
import * as loop from "@tsasyncio/loop";
import * as tasks from "@tsasyncio/tasks";
import * as gather from "@tsasyncio/gather";
import * as sync from "@tsasyncio/sync";
import * as queues from "@tsasyncio/queues";

// Every runtime name that shared/design/API.md lists, section by section.
const API_NAMES = {
  "1 coroutines": ["run", "ensureFuture", "isCoroutine", "isFuture"],
  "2 futures": ["Future"],
  "3 event loop": [
    "getRunningLoop",
    "getEventLoop",
    "newEventLoop",
    "setEventLoop",
    "EventLoop",
    "Handle",
    "TimerHandle",
    "VirtualTimeLoop",
  ],
  "4 tasks": [
    "createTask",
    "sleep",
    "currentTask",
    "allTasks",
    "eagerTaskFactory",
    "createEagerTaskFactory",
    "Runner",
    "Task",
  ],
  "5 combinators": [
    "gather",
    "wait",
    "FIRST_COMPLETED",
    "FIRST_EXCEPTION",
    "ALL_COMPLETED",
    "waitFor",
    "shield",
    "asCompleted",
    "timeout",
    "timeoutAt",
    "Timeout",
    "TaskGroup",
    "asyncWith",
  ],
  "6 sync and queues": [
    "Lock",
    "Event",
    "Condition",
    "Semaphore",
    "BoundedSemaphore",
    "Barrier",
    "Queue",
    "PriorityQueue",
    "LifoQueue",
  ],
  "7 context variables": ["ContextVar", "Token", "Context", "copyContext"],
  "8 errors": [
    "CancelledError",
    "InvalidStateError",
    "TimeoutError",
    "RuntimeError",
    "ExceptionGroup",
    "QueueEmpty",
    "QueueFull",
    "QueueShutDown",
    "BrokenBarrierError",
    "IncompleteReadError",
    "LimitOverrunError",
  ],
  "9 host interop": ["abortable"],
};

describe("the facade", () => {
  for (const [section, names] of Object.entries(API_NAMES)) {
    it(`exports every name of API.md §${section}`, () => {
      const missing = names.filter((n) => !(n in asyncio));
      expect(missing).toEqual([]);
    });
  }

  const layers = { futures, loop, tasks, gather, sync, queues };
  for (const [name, ns] of Object.entries(layers)) {
    it(`re-exports every name of @tsasyncio/${name}, as the same binding`, () => {
      const keys = Object.keys(ns);
      expect(keys.length).toBeGreaterThan(0);
      const forgotten = keys.filter(
        (k) => (asyncio as Record<string, unknown>)[k] !== (ns as Record<string, unknown>)[k],
      );
      expect(forgotten).toEqual([]);
    });
  }

  it("API.md names come from the layer that owns them", () => {
    expect(asyncio.Future).toBe(futures.Future);
    expect(asyncio.EventLoop).toBe(loop.EventLoop);
    expect(asyncio.Task).toBe(tasks.Task);
  });
});
