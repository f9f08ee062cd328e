// Property tests (fast-check): random trees of gather / TaskGroup / timeout / waitFor /
// shield nodes over leaves that sleep, succeed, fail, fail while being cancelled, or
// cancel themselves, with an optional cancellation of the root from outside, on lazy or
// eager tasks. Whatever the tree:
// - every Task ends done (none is left pending once the leaves' sleeps are over);
// - every coroutine that started runs its `finally` exactly once;
// - every error a leaf raised is either raised out of the root (possibly inside an
//   ExceptionGroup), reported to the loop's exception handler, returned by a gather with
//   returnExceptions, or held by a Task the program gave to gather() or shield() (CPython's
//   gather() lets the other children run on and marks their errors retrieved; a Task
//   cancelled while the Future it awaits completes with an error raises CancelledError,
//   so the error stays in that Future). A TaskGroup never drops one.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CancelledError, ExceptionGroup, type ExceptionContext } from "@tsasyncio/futures";
import { VirtualTimeLoop, type EventLoop, type TaskOptions } from "@tsasyncio/loop";
import {
  Task,
  asyncWith,
  createTask,
  currentTask,
  run,
  sleep,
  type Coroutine,
} from "@tsasyncio/tasks";
import { TaskGroup, gather, shield, timeout, waitFor } from "@tsasyncio/gather";

type Outcome = "ok" | "error" | "errorOnCancel" | "cancelSelf";
type Node =
  | { kind: "leaf"; delay: number; outcome: Outcome }
  | { kind: "gather"; children: Node[]; returnExceptions: boolean }
  | { kind: "taskgroup"; children: Node[]; bodyDelay: number | null }
  | { kind: "timeout"; delay: number | null; child: Node }
  | { kind: "waitFor"; delay: number | null; child: Node }
  | { kind: "shield"; child: Node };

const delay = fc.integer({ min: 0, max: 4 }).map((x) => x * 0.5);
const optDelay = fc.option(delay, { nil: null });

const { node: nodeArb } = fc.letrec<{
  node: Node;
  leaf: Node;
  gather: Node;
  taskgroup: Node;
  timeout: Node;
  waitFor: Node;
  shield: Node;
}>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("leaf"),
    tie("gather"),
    tie("taskgroup"),
    tie("timeout"),
    tie("waitFor"),
    tie("shield"),
  ),
  leaf: fc.record({
    kind: fc.constant("leaf" as const),
    delay,
    outcome: fc.constantFrom<Outcome>("ok", "error", "errorOnCancel", "cancelSelf"),
  }),
  gather: fc.record({
    kind: fc.constant("gather" as const),
    children: fc.array(tie("node"), { maxLength: 4 }),
    returnExceptions: fc.boolean(),
  }),
  taskgroup: fc.record({
    kind: fc.constant("taskgroup" as const),
    children: fc.array(tie("node"), { maxLength: 4 }),
    bodyDelay: optDelay,
  }),
  timeout: fc.record({
    kind: fc.constant("timeout" as const),
    delay: optDelay,
    child: tie("node"),
  }),
  waitFor: fc.record({
    kind: fc.constant("waitFor" as const),
    delay: optDelay,
    child: tie("node"),
  }),
  shield: fc.record({ kind: fc.constant("shield" as const), child: tie("node") }),
}));

class LeafError extends Error {}

interface Harness {
  entered: number;
  finalized: Map<number, number>;
  leafErrors: Set<unknown>;
  returned: Set<unknown>;
  held: Task<unknown>[];
}

function flatten(e: unknown, into: Set<unknown>): void {
  into.add(e);
  if (e instanceof ExceptionGroup) for (const x of e.exceptions) flatten(x, into);
}

function* exec(node: Node, h: Harness): Coroutine<unknown> {
  const id = h.entered++;
  h.finalized.set(id, 0);
  try {
    switch (node.kind) {
      case "leaf": {
        if (node.outcome === "cancelSelf") {
          currentTask()?.cancel();
          yield* sleep(node.delay);
          return "unreachable";
        }
        try {
          yield* sleep(node.delay);
        } catch (e) {
          if (node.outcome === "errorOnCancel" && e instanceof CancelledError) {
            const err = new LeafError(`leaf ${id} failed while cancelled`);
            h.leafErrors.add(err);
            throw err;
          }
          throw e;
        }
        if (node.outcome === "error") {
          const err = new LeafError(`leaf ${id} failed`);
          h.leafErrors.add(err);
          throw err;
        }
        return id;
      }
      case "gather": {
        const tasks = node.children.map((c) => createTask(exec(c, h)));
        h.held.push(...tasks);
        const res: unknown[] = yield* gather(...tasks, { returnExceptions: node.returnExceptions });
        for (const r of res) flatten(r, h.returned);
        return res;
      }
      case "taskgroup":
        return yield* asyncWith(new TaskGroup(), function* (tg) {
          for (const c of node.children) tg.createTask(exec(c, h));
          if (node.bodyDelay !== null) yield* sleep(node.bodyDelay);
        });
      case "timeout":
        return yield* asyncWith(timeout(node.delay), () => exec(node.child, h));
      case "waitFor":
        return yield* waitFor(exec(node.child, h), node.delay);
      case "shield": {
        const inner = createTask(exec(node.child, h));
        h.held.push(inner);
        return yield* shield(inner);
      }
    }
  } finally {
    h.finalized.set(id, (h.finalized.get(id) ?? 0) + 1);
  }
}

async function runTree(tree: Node, cancelAt: number | null, eager: boolean): Promise<void> {
  const loop = new VirtualTimeLoop();
  const reported: ExceptionContext[] = [];
  loop.setExceptionHandler((_l: EventLoop, c: ExceptionContext) => {
    reported.push(c);
  });
  const all: Task<unknown>[] = [];
  loop.setTaskFactory((l: EventLoop, coro: never, options: TaskOptions) => {
    const t = new Task(coro, { ...options, loop: l, eagerStart: eager });
    all.push(t);
    return t;
  });
  const h: Harness = {
    entered: 0,
    finalized: new Map(),
    leafErrors: new Set(),
    returned: new Set(),
    held: [],
  };
  const raised = new Set<unknown>();
  await run(
    (function* (): Coroutine<void> {
      const root = createTask(exec(tree, h));
      if (cancelAt !== null) loop.callLater(cancelAt, () => root.cancel());
      try {
        yield* root;
      } catch (e) {
        flatten(e, raised);
      }
      // Let the tasks that outlive the root (a gather's other children, shielded ones)
      // finish: every leaf sleeps 2 s at most.
      yield* sleep(1000);
    })(),
    { loopFactory: () => loop },
  );
  for (const t of all) expect(t.done(), String(t)).toBe(true);
  for (const [id, n] of h.finalized) expect(n, `finally of coroutine ${id}`).toBe(1);
  const reportedErrors = new Set<unknown>();
  for (const r of reported) flatten(r.exception, reportedErrors);
  const held = new Set<unknown>();
  for (const t of h.held)
    if (!t.cancelled() && t.exception() !== undefined) flatten(t.exception(), held);
  for (const err of h.leafErrors) {
    const accounted =
      raised.has(err) || reportedErrors.has(err) || h.returned.has(err) || held.has(err);
    expect(accounted, `${String(err)} was dropped; tree: ${JSON.stringify(tree)}`).toBe(true);
  }
  // Nothing but the reports of errors nobody could see are expected.
  for (const r of reported)
    expect(r.message).toMatch(
      /exception in (shielded future|an awaitable abandoned by a cancelled waitFor)/,
    );
}

// FC_RUNS (an environment variable, so Node only) overrides the number of runs.
const fcRuns = (globalThis as { process?: { env: Record<string, string | undefined> } }).process
  ?.env["FC_RUNS"];

describe("structured concurrency properties", () => {
  it("every task ends, every finally runs once, no error is dropped", async () => {
    await fc.assert(
      fc.asyncProperty(nodeArb, fc.option(delay, { nil: null }), fc.boolean(), runTree),
      { numRuns: Number(fcRuns ?? 300) },
    );
  }, 120_000);

  it("the same holds for trees rooted at a TaskGroup under a timeout", async () => {
    const tgRoot = fc.record({
      kind: fc.constant("timeout" as const),
      delay: optDelay,
      child: fc.record({
        kind: fc.constant("taskgroup" as const),
        children: fc.array(nodeArb, { minLength: 1, maxLength: 5 }),
        bodyDelay: optDelay,
      }),
    });
    await fc.assert(
      fc.asyncProperty(tgRoot, fc.option(delay, { nil: null }), fc.boolean(), runTree),
      {
        numRuns: Number(fcRuns ?? 200),
      },
    );
  }, 120_000);
});
