// The error classes (Lib/asyncio/exceptions.py) and ExceptionGroup (PEP 654):
// TypeScript-only cases, checked against CPython's behaviour.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  BrokenBarrierError,
  CancelledError,
  ExceptionGroup,
  IncompleteReadError,
  InvalidStateError,
  KeyboardInterrupt,
  LimitOverrunError,
  LookupError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  RuntimeError,
  TimeoutError,
} from "@tsasyncio/futures";

describe("TypeScript: error classes", () => {
  const classes = [
    ["CancelledError", CancelledError],
    ["InvalidStateError", InvalidStateError],
    ["TimeoutError", TimeoutError],
    ["RuntimeError", RuntimeError],
    ["LookupError", LookupError],
    ["KeyboardInterrupt", KeyboardInterrupt],
    ["BrokenBarrierError", BrokenBarrierError],
    ["QueueEmpty", QueueEmpty],
    ["QueueFull", QueueFull],
    ["QueueShutDown", QueueShutDown],
  ] as const;

  for (const [name, Cls] of classes) {
    it(`${name}: name, instanceof, message, String() and the stack header`, () => {
      const e = new Cls("what happened");
      expect(e.name).toBe(name);
      expect(e).toBeInstanceOf(Cls);
      expect(e).toBeInstanceOf(Error);
      expect(e.message).toBe("what happened");
      expect(String(e)).toBe(`${name}: what happened`);
      expect(e.stack?.split("\n")[0]).toBe(`${name}: what happened`);
      // The name lives on the prototype: no own property to document or serialise.
      expect(Object.hasOwn(e, "name")).toBe(false);
      expect(new Cls().message).toBe("");
      expect(String(new Cls())).toBe(name);
    });
  }

  it("the classes are distinct; BrokenBarrierError is a RuntimeError as in Python", () => {
    expect(new BrokenBarrierError()).toBeInstanceOf(RuntimeError);
    expect(new CancelledError()).not.toBeInstanceOf(RuntimeError);
    expect(new TimeoutError()).not.toBeInstanceOf(CancelledError);
    expect(new QueueEmpty()).not.toBeInstanceOf(QueueFull);
  });

  it("errors accept a cause (Python's raise ... from ...)", () => {
    const cause = new TypeError("root");
    const e = new RuntimeError("wrapped", { cause });
    expect(e.cause).toBe(cause);
  });

  it("IncompleteReadError: partial, expected and Python's message", () => {
    const e = new IncompleteReadError(new Uint8Array([1, 2]), 5);
    expect(e.name).toBe("IncompleteReadError");
    expect(e.partial).toEqual(new Uint8Array([1, 2]));
    expect(e.expected).toBe(5);
    expect(e.message).toBe("2 bytes read on a total of 5 expected bytes");
    expect(new IncompleteReadError(new Uint8Array(0), null).message).toBe(
      "0 bytes read on a total of undefined expected bytes",
    );
  });

  it("LimitOverrunError: consumed and the message", () => {
    const e = new LimitOverrunError("Separator is not found", 10);
    expect(e.name).toBe("LimitOverrunError");
    expect(e.consumed).toBe(10);
    expect(e.message).toBe("Separator is not found");
  });
});

describe("TypeScript: ExceptionGroup (PEP 654)", () => {
  // Python's test_exception_group.py template: a group with a nested group.
  function makeNested(): {
    eg: ExceptionGroup;
    a: TypeError;
    b: RangeError;
    c: TypeError;
    inner: ExceptionGroup;
  } {
    const a = new TypeError("a");
    const b = new RangeError("b");
    const c = new TypeError("c");
    const inner = new ExceptionGroup("inner", [b, c]);
    const eg = new ExceptionGroup("outer", [a, inner]);
    return { eg, a, b, c, inner };
  }

  it("construction: message with the count, exceptions, errors, AggregateError", () => {
    const e1 = new TypeError("x");
    const one = new ExceptionGroup("one", [e1]);
    expect(one.message).toBe("one (1 sub-exception)");
    expect(one.baseMessage).toBe("one");
    expect(String(one)).toBe("ExceptionGroup: one (1 sub-exception)");
    const two = new ExceptionGroup("two", [e1, new RangeError("y")]);
    expect(two.message).toBe("two (2 sub-exceptions)");
    expect(two.exceptions).toEqual(two.errors);
    expect(two.exceptions[0]).toBe(e1);
    expect(two).toBeInstanceOf(AggregateError);
    expect(two).toBeInstanceOf(Error);
    expect(two.name).toBe("ExceptionGroup");
    expect(inspect(two)).toContain("ExceptionGroup: two (2 sub-exceptions)");
  });

  it("construction errors as in Python", () => {
    expect(() => new ExceptionGroup("empty", [])).toThrow(RangeError);
    expect(() => new ExceptionGroup("empty", [])).toThrow(/non-empty sequence/);
    expect(() => new ExceptionGroup("bad", 42 as never)).toThrow(TypeError);
    expect(() => new ExceptionGroup("bad", 42 as never)).toThrow(/must be a sequence/);
    expect(() => new ExceptionGroup(1 as never, [new Error()])).toThrow(TypeError);
  });

  it("split by type keeps the nesting, messages, cause and stack", () => {
    const { eg, a, b, c } = makeNested();
    const cause = new Error("why");
    (eg as { cause?: unknown }).cause = cause;
    const [match, rest] = eg.split(TypeError);
    expect(match).not.toBeNull();
    expect(rest).not.toBeNull();
    expect(match!.baseMessage).toBe("outer");
    expect(match!.exceptions[0]).toBe(a);
    const mInner = match!.exceptions[1] as ExceptionGroup;
    expect(mInner).toBeInstanceOf(ExceptionGroup);
    expect(mInner.baseMessage).toBe("inner");
    expect(mInner.exceptions).toEqual([c]);
    expect(rest!.exceptions).toHaveLength(1);
    const rInner = rest!.exceptions[0] as ExceptionGroup;
    expect(rInner.baseMessage).toBe("inner");
    expect(rInner.exceptions).toEqual([b]);
    expect(match!.cause).toBe(cause);
    expect(rest!.cause).toBe(cause);
    expect(match!.stack).toBe(eg.stack);
    // The original is untouched.
    expect(eg.exceptions).toHaveLength(2);
  });

  it("a full match returns the group itself; no match returns null", () => {
    const { eg } = makeNested();
    expect(eg.split(Error)).toEqual([eg, null]);
    expect(eg.split(Error)[0]).toBe(eg);
    expect(eg.subgroup(ExceptionGroup)).toBe(eg);
    expect(eg.subgroup(() => true)).toBe(eg);
    const [m, r] = eg.split(SyntaxError);
    expect(m).toBeNull();
    expect(r).not.toBeNull();
    expect(r!.exceptions).toHaveLength(2);
    expect(eg.subgroup(SyntaxError)).toBeNull();
  });

  it("a list of classes matches any of them", () => {
    const { eg, a, b, c } = makeNested();
    const [m, r] = eg.split([RangeError, SyntaxError]);
    expect(r!.exceptions[0]).toBe(a);
    expect((r!.exceptions[1] as ExceptionGroup).exceptions).toEqual([c]);
    expect((m!.exceptions[0] as ExceptionGroup).exceptions).toEqual([b]);
    // Every leaf matches but the groups do not: CPython builds new groups (derive).
    const all = eg.subgroup([TypeError, RangeError]);
    expect(all).not.toBe(eg);
    expect(all!.exceptions[0]).toBe(a);
    expect((all!.exceptions[1] as ExceptionGroup).exceptions).toEqual([b, c]);
  });

  it("a predicate is called on the groups too; a matching nested group is kept whole", () => {
    const { eg, a, inner } = makeNested();
    const seen: unknown[] = [];
    const [m, r] = eg.split((e) => {
      seen.push(e);
      return e instanceof ExceptionGroup && e.baseMessage === "inner";
    });
    expect(seen[0]).toBe(eg);
    expect(seen).toContain(inner);
    // The inner group matched as a whole: its leaves were not examined.
    expect(seen).toHaveLength(3);
    expect(m!.exceptions).toEqual([inner]);
    expect(m!.exceptions[0]).toBe(inner);
    expect(r!.exceptions).toEqual([a]);
  });

  it("subgroup by predicate on leaves", () => {
    const { eg, c } = makeNested();
    const sub = eg.subgroup((e) => e instanceof Error && e.message === "c");
    expect(sub).not.toBeNull();
    expect(sub!.exceptions).toHaveLength(1);
    expect((sub!.exceptions[0] as ExceptionGroup).exceptions).toEqual([c]);
  });

  it("derive: the default makes a plain ExceptionGroup; an override keeps the subclass", () => {
    class Plain extends ExceptionGroup {}
    const plain = new Plain("p", [new TypeError(), new RangeError()]);
    expect(plain.split(TypeError)[0]).not.toBeInstanceOf(Plain);
    expect(plain.split(TypeError)[0]).toBeInstanceOf(ExceptionGroup);

    class MyEG<E = unknown> extends ExceptionGroup<E> {
      code = 7;
      override derive<F>(exceptions: readonly F[]): MyEG<F> {
        const eg = new MyEG<F>(this.baseMessage, exceptions);
        eg.code = this.code;
        return eg;
      }
    }
    const mine = new MyEG("mine", [new TypeError("t"), new RangeError("r")]);
    mine.code = 42;
    const [m, r] = mine.split(TypeError);
    expect(m).toBeInstanceOf(MyEG);
    expect(r).toBeInstanceOf(MyEG);
    expect((m as MyEG).code).toBe(42);
    expect(mine.subgroup(RangeError)).toBeInstanceOf(MyEG);
  });

  it("derive must return an ExceptionGroup", () => {
    class Bad extends ExceptionGroup {
      override derive<F>(_exceptions: readonly F[]): ExceptionGroup<F> {
        return new Error("not a group") as never;
      }
    }
    const bad = new Bad("bad", [new TypeError(), new RangeError()]);
    expect(() => bad.split(TypeError)).toThrow(TypeError);
    expect(() => bad.split(TypeError)).toThrow(/derive must return an instance of/);
  });

  it("a bad condition is a TypeError", () => {
    const { eg } = makeNested();
    expect(() => eg.split(42 as never)).toThrow(TypeError);
    expect(() => eg.split(42 as never)).toThrow(/expected an exception type/);
    expect(() => eg.subgroup([TypeError, 42] as never)).toThrow(/expected an exception type/);
  });

  it("a class that does not extend Error matches by instanceof (JavaScript throws anything)", () => {
    class Custom {
      constructor(readonly code: number) {}
    }
    const x = new Custom(1);
    const eg = new ExceptionGroup<unknown>("mixed", [x, new TypeError("t")]);
    const [m, r] = eg.split(Custom);
    expect(m!.exceptions).toEqual([x]);
    expect(r!.exceptions).toHaveLength(1);
  });

  it("except* in TypeScript: handle one type, rethrow the rest", () => {
    const { eg } = makeNested();
    const handled: unknown[] = [];
    const exceptStar = (): void => {
      const [types, rest] = eg.split(TypeError);
      if (types !== null) handled.push(...types.exceptions);
      if (rest !== null) throw rest;
    };
    expect(exceptStar).toThrow(ExceptionGroup);
    expect(handled).toHaveLength(2);
  });
});
