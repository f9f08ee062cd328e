// TypeScript-only cases of the shared Deque (collections.deque's part that the layers use):
// the loop's ready queue, the waiters of the locks and queues, Queue's items. Performance
// principles of ARCHITECTURE.md: O(1) push/shift, a power-of-two capacity that grows and
// shrinks back after large bursts, and no reference kept to a removed item.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Deque } from "../src/internal.js";

const gc = (globalThis as { gc?: () => void }).gc;

describe("Deque", () => {
  it("behaves as a FIFO queue (model-based)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.integer(), fc.constant("shift" as const), fc.constant("shrink" as const)),
          {
            maxLength: 3000,
          },
        ),
        (ops) => {
          const rb = new Deque<number>(16);
          const model: number[] = [];
          for (const op of ops) {
            if (op === "shift") expect(rb.shift()).toBe(model.shift());
            else if (op === "shrink") rb.shrink();
            else {
              rb.push(op);
              model.push(op);
            }
            expect(rb.length).toBe(model.length);
          }
          expect(rb.toArray()).toEqual(model);
          const cap = rb.capacity;
          expect(cap & (cap - 1)).toBe(0); // a power of two
          expect(cap).toBeGreaterThanOrEqual(model.length);
        },
      ),
    );
  });

  it("behaves like an array used as a deque (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant("push" as const), v: fc.integer({ min: 0, max: 20 }) }),
            fc.record({ op: fc.constant("shift" as const), v: fc.constant(0) }),
            fc.record({ op: fc.constant("take" as const), v: fc.constant(0) }),
            fc.record({ op: fc.constant("remove" as const), v: fc.integer({ min: 0, max: 20 }) }),
            fc.record({ op: fc.constant("clear" as const), v: fc.constant(0) }),
          ),
        ),
        (ops) => {
          const rb = new Deque<number>(2);
          const model: number[] = [];
          for (const { op, v } of ops) {
            if (op === "push") {
              rb.push(v);
              model.push(v);
            } else if (op === "shift") expect(rb.shift()).toBe(model.shift());
            else if (op === "take") {
              if (model.length > 0) expect(rb.take()).toBe(model.shift());
            } else if (op === "clear") {
              rb.clear();
              model.length = 0;
              expect(rb.capacity).toBe(2);
            } else {
              const i = model.indexOf(v);
              if (i >= 0) model.splice(i, 1);
              expect(rb.remove(v)).toBe(i >= 0);
            }
            expect(rb.toArray()).toEqual(model);
            expect(rb.length).toBe(model.length);
            expect(rb.at(0)).toBe(model[0]);
            expect(rb.at(model.length - 1)).toBe(model[model.length - 1]);
          }
        },
      ),
    );
  });

  it("shrinks after a burst", () => {
    const rb = new Deque<number>(16);
    for (let i = 0; i < 100_000; i++) rb.push(i);
    expect(rb.capacity).toBeGreaterThanOrEqual(100_000);
    for (let i = 0; i < 99_990; i++) rb.shift();
    rb.shrink();
    expect(rb.capacity).toBeLessThanOrEqual(1024);
    expect(rb.toArray()).toEqual([
      99_990, 99_991, 99_992, 99_993, 99_994, 99_995, 99_996, 99_997, 99_998, 99_999,
    ]);
  });

  it("clear() gives the memory of a grown buffer back", () => {
    const rb = new Deque<number>(16);
    for (let i = 0; i < 5000; i++) rb.push(i);
    for (let i = 0; i < 5000; i++) rb.shift();
    expect(rb.capacity).toBeGreaterThan(16);
    rb.clear();
    expect(rb.capacity).toBe(16);
    expect(rb.length).toBe(0);
  });

  it("shift() drops its reference to the item", async () => {
    const rb = new Deque<object>();
    let obj: object | null = {};
    const ref = new WeakRef(obj);
    rb.push(obj);
    obj = null;
    rb.shift();
    // a WeakRef keeps its target alive until the current job ends
    await new Promise((r) => setTimeout(r, 0));
    gc?.();
    expect(gc).toBeTypeOf("function");
    expect(ref.deref()).toBe(undefined);
  });
});
