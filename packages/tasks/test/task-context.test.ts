// TypeScript-only: a Task keeps only a snapshot of the context variables it was created
// with, and makes its Context object when one is needed (a ContextVar.set, getContext(),
// a nested Context.run). These cases pin that the laziness is invisible: every behaviour is
// that of a Task holding `copy_context()` from the start, as in CPython.
import { describe, expect, it } from "vitest";
import { Context, ContextVar, copyContext } from "@tsasyncio/futures";
import { createTask, currentTask, sleep, type Coroutine } from "@tsasyncio/tasks";
import { eagerTaskFactory } from "@tsasyncio/tasks";
import { itCo } from "../../../test-support/index.js";

describe("Task context (made lazily)", () => {
  itCo("a value set in one step is seen in the next, and not by the parent", function* () {
    const v = new ContextVar<string>("v", { default: "parent" });
    const seen: string[] = [];
    const child = createTask(
      (function* (): Coroutine<void> {
        seen.push(v.get());
        v.set("child");
        yield* sleep(0);
        seen.push(v.get());
        yield* sleep(0.1);
        seen.push(v.get());
      })(),
    );
    yield* sleep(0);
    expect(v.get()).toBe("parent");
    yield* child;
    expect(seen).toEqual(["parent", "child", "child"]);
    expect(v.get()).toBe("parent");
  });

  itCo("a pending Task that sets nothing holds no Context object", function* () {
    const t = createTask(sleep(1));
    yield* sleep(0);
    expect(t._context).not.toBeInstanceOf(Context);
    t.cancel();
  });

  itCo("the Task sees the values current when it was created, not later ones", function* () {
    const v = new ContextVar<number>("v", { default: 0 });
    v.set(1);
    const t = createTask(
      (function* (): Coroutine<number> {
        yield* sleep(0);
        return v.get();
      })(),
    );
    v.set(2);
    expect(yield* t).toBe(1);
  });

  itCo("a Token made in one step resets the variable in a later step", function* () {
    const v = new ContextVar<string>("v", { default: "a" });
    const t = createTask(
      (function* (): Coroutine<string> {
        const token = v.set("b");
        yield* sleep(0);
        v.reset(token);
        return v.get();
      })(),
    );
    expect(yield* t).toBe("a");
  });

  itCo("getContext() is one object, before, during and after the Task runs", function* () {
    const v = new ContextVar<string>("v", { default: "none" });
    let inside: Context | undefined;
    const t = createTask(
      (function* (): Coroutine<void> {
        inside = currentTask()?.getContext();
        v.set("set inside");
        yield* sleep(0);
      })(),
    );
    const before = t.getContext();
    yield* t;
    expect(inside).toBe(before);
    expect(t.getContext()).toBe(before);
    expect(before.get(v)).toBe("set inside");
  });

  itCo("getContext() taken from outside sees what the Task sets later", function* () {
    const v = new ContextVar<number>("v", { default: 0 });
    const t = createTask(
      (function* (): Coroutine<void> {
        yield* sleep(0);
        v.set(5);
      })(),
    );
    yield* sleep(0); // the Task ran its first step without a Context object
    const ctx = t.getContext();
    expect(ctx.has(v)).toBe(false); // Context.get(var) ignores the variable's default, as in Python
    expect(ctx.get(v, "unset")).toBe("unset");
    yield* t;
    expect(ctx.get(v)).toBe(5);
  });

  itCo(
    "a nested Context.run inside a step leaves the Task's context current after it",
    function* () {
      const v = new ContextVar<string>("v", { default: "outer" });
      const other = copyContext();
      const t = createTask(
        (function* (): Coroutine<string[]> {
          const out: string[] = [];
          other.run(() => {
            v.set("in other");
            // the Task gets its Context object while another context is current
            out.push(String(currentTask()?.getContext().get(v, "unset in the task")));
          });
          out.push(v.get());
          v.set("task");
          yield* sleep(0);
          out.push(v.get());
          return out;
        })(),
      );
      expect(yield* t).toEqual(["unset in the task", "outer", "task"]);
      expect(other.get(v)).toBe("in other");
      expect(t.getContext().get(v)).toBe("task");
    },
  );

  itCo(
    "an eager child Task started inside a step inherits the step's values",
    function* ({ loop }) {
      const v = new ContextVar<string>("v", { default: "none" });
      loop.setTaskFactory(eagerTaskFactory);
      const parent = createTask(
        (function* (): Coroutine<string> {
          v.set("from parent");
          const child = createTask(
            (function* (): Coroutine<string> {
              const first = v.get();
              v.set("child's own");
              yield* sleep(0);
              return `${first}/${v.get()}`;
            })(),
          );
          const r = yield* child;
          return `${r}/${v.get()}`;
        })(),
      );
      expect(yield* parent).toBe("from parent/child's own/from parent");
      loop.setTaskFactory(null);
    },
  );

  it("a Task created with an explicit context runs in that very Context", async () => {
    const { run } = await import("@tsasyncio/tasks");
    const v = new ContextVar<number>("v", { default: 0 });
    const ctx = new Context();
    await run(
      (function* (): Coroutine<void> {
        const t = createTask(
          (function* (): Coroutine<void> {
            v.set(7);
            yield* sleep(0);
          })(),
          { context: ctx },
        );
        expect(t.getContext()).toBe(ctx);
        yield* t;
      })(),
    );
    expect(ctx.get(v)).toBe(7);
  });
});

describe("done callbacks and contexts", () => {
  itCo("a done callback sees the variables as they were when it was added", function* ({ loop }) {
    const v = new ContextVar<string>("v", { default: "default" });
    const seen: string[] = [];
    const fut = loop.createFuture<number>();
    new Context().run(() => {
      v.set("at add");
      fut.addDoneCallback(() => seen.push(v.get()));
      v.set("at completion");
      fut.setResult(1);
    });
    yield* sleep(0);
    expect(seen).toEqual(["at add"]);
  });

  itCo(
    "with no variable set when it was added, it sees none, whatever is set later",
    function* ({ loop }) {
      const v = new ContextVar<string>("v", { default: "default" });
      const seen: string[] = [];
      const first = loop.createFuture<number>();
      const second = loop.createFuture<number>();
      new Context().run(() => {
        first.addDoneCallback(() => seen.push(`first: ${v.get()}`)); // the inline callback
        second.addDoneCallback(() => seen.push(`second a: ${v.get()}`));
        v.set("set later");
        second.addDoneCallback(() => seen.push(`second b: ${v.get()}`));
        first.setResult(1);
        second.setResult(2);
      });
      yield* sleep(0);
      expect(seen).toEqual(["first: default", "second a: default", "second b: set later"]);
    },
  );
});

describe("done callbacks and contexts (the host's context)", () => {
  it("an inline callback added with no variable set does not see the context current when the loop runs it", async () => {
    const { EventLoop } = await import("@tsasyncio/loop");
    const v = new ContextVar<string>("v", { default: "default" });
    const loop = new EventLoop();
    const fut = loop.createFuture<number>();
    const seen: string[] = [];
    new Context().run(() => fut.addDoneCallback(() => seen.push(v.get())));
    const token = v.set("the host's"); // the context current outside any callback
    try {
      fut.setResult(1);
      await loop.runUntilComplete(fut);
    } finally {
      v.reset(token);
      loop.close();
    }
    expect(seen).toEqual(["default"]);
  });
});
