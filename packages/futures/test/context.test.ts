// Port of Lib/test/test_context.py (ContextTest; the HAMT and generator-context tests do
// not apply) and Lib/test/test_asyncio/test_context.py, plus TypeScript-only cases.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  Context,
  ContextVar,
  LookupError,
  RuntimeError,
  Token,
  copyContext,
} from "@tsasyncio/futures";
import { currentContext } from "@tsasyncio/futures/internal";

/** CPython's `isolated_context` decorator: runs the test in a fresh empty Context. */
function isolatedContext(fn: () => void): () => void {
  return () => {
    new Context().run(fn);
  };
}

/** Python's `dict(ctx.items())`, to compare contexts by content. */
function contents(ctx: Context): Map<ContextVar<unknown>, unknown> {
  return new Map(ctx.entries());
}

describe("ContextTest", () => {
  it("test_context_var_new_1", () => {
    expect(() => new (ContextVar as unknown as new () => unknown)()).toThrow(TypeError);
    expect(() => new ContextVar(1 as unknown as string)).toThrow(/must be a str/);
    const c = new ContextVar("aaa");
    expect(c.name).toBe("aaa");
    expect(() => {
      (c as { name: string }).name = "bbb";
    }).toThrow(TypeError);
    expect(c.name).toBe("aaa");
  });

  it(
    "test_context_var_repr_1",
    isolatedContext(() => {
      let c = new ContextVar<unknown>("a");
      expect(String(c)).toContain("a");

      c = new ContextVar("a", { default: 123 });
      expect(String(c)).toContain("123");

      const lst: unknown[] = [];
      c = new ContextVar("a", { default: lst });
      lst.push(c);
      expect(String(c)).toContain("...");
      expect(inspect(c)).toContain("...");

      const t = c.set(1);
      expect(String(t)).toContain(String(c));
      expect(String(t)).not.toContain(" used ");
      c.reset(t);
      expect(String(t)).toContain(" used ");
    }),
  );

  it(
    "test_token_repr_1",
    isolatedContext(() => {
      const c = new ContextVar("a");
      const tok = c.set(1);
      expect(String(tok)).toBe("<Token var=<ContextVar name='a'>>");
    }),
  );

  it.skip("test_context_subclassing_1 (JavaScript classes can always be subclassed)", () => {});

  it("test_context_new_1", () => {
    const Ctor = Context as unknown as new (...args: unknown[]) => Context;
    expect(() => new Ctor(1)).toThrow(/any arguments/);
    expect(() => new Ctor(1, { a: 1 })).toThrow(TypeError);
    expect(() => new Ctor({ a: 1 })).toThrow(/any arguments/);
    expect(new Context().size).toBe(0);
  });

  it.skip("test_context_new_unhashable_str_subclass (no str subclasses in JavaScript)", () => {});

  it("test_context_typerrors_1", () => {
    const ctx = new Context();
    expect(() => ctx.get(1 as never)).toThrow(/ContextVar key was expected/);
    expect(() => ctx.has(1 as never)).toThrow(/ContextVar key was expected/);
    expect(() => ctx.get("x" as never, "default")).toThrow(TypeError);
  });

  it("test_context_get_context_1", () => {
    const ctx = copyContext();
    expect(ctx).toBeInstanceOf(Context);
  });

  it("test_context_run_1", () => {
    const ctx = new Context();
    expect(() => (ctx.run as unknown as () => unknown)()).toThrow(TypeError);
    expect(() => (ctx.run as unknown as () => unknown)()).toThrow(/expected a function/);
    // The failed call left the context not entered.
    expect(ctx.run(() => 1)).toBe(1);
  });

  it("test_context_run_2", () => {
    const ctx = new Context();
    const func = (...args: unknown[]): [unknown[], Record<string, unknown>] => {
      const kwargs: Record<string, unknown> = { spam: "foo" };
      return [[...args, "bar"], kwargs];
    };
    expect(ctx.run(func)).toEqual([["bar"], { spam: "foo" }]);
    expect(ctx.run(func, 1)).toEqual([[1, "bar"], { spam: "foo" }]);
    expect(ctx.run(func, 11, { a: 2 })).toEqual([[11, { a: 2 }, "bar"], { spam: "foo" }]);
    expect(ctx.run(func.bind(null), 11)).toEqual([[11, "bar"], { spam: "foo" }]);
  });

  it("test_context_run_3", () => {
    const ctx = new Context();
    const func = (..._args: unknown[]): never => {
      throw new RangeError("division by zero");
    };
    expect(() => ctx.run(func)).toThrow(RangeError);
    expect(() => ctx.run(func, 1, 2)).toThrow(RangeError);
    expect(() => ctx.run(func, 1, 2, { a: 123 })).toThrow(RangeError);
    // The failed runs left no context entered.
    expect(() => ctx.run(() => {})).not.toThrow();
  });

  it(
    "test_context_run_4",
    isolatedContext(() => {
      const ctx1 = new Context();
      const ctx2 = new Context();
      const v = new ContextVar<string>("var");

      const func2 = (): void => {
        expect(v.get(null)).toBeNull();
      };
      const func1 = (): Context => {
        expect(v.get(null)).toBeNull();
        v.set("spam");
        ctx2.run(func2);
        expect(v.get(null)).toBe("spam");

        const cur = copyContext();
        expect(cur.size).toBe(1);
        expect(cur.get(v)).toBe("spam");
        return cur;
      };

      const returnedCtx = ctx1.run(func1);
      expect(contents(ctx1)).toEqual(contents(returnedCtx));
      expect(returnedCtx.get(v)).toBe("spam");
      expect(returnedCtx.has(v)).toBe(true);
    }),
  );

  it("test_context_run_5", () => {
    const ctx = new Context();
    const v = new ContextVar<string>("var");
    const func = (): never => {
      expect(v.get(null)).toBeNull();
      v.set("spam");
      throw new RangeError("division by zero");
    };
    expect(() => ctx.run(func)).toThrow(RangeError);
    expect(v.get(null)).toBeNull();
  });

  it("test_context_run_6", () => {
    const ctx = new Context();
    const c = new ContextVar("a", { default: 0 });
    let ran = false;
    const fun = (): void => {
      expect(c.get()).toBe(0);
      expect(ctx.get(c)).toBeUndefined();
      c.set(42);
      expect(c.get()).toBe(42);
      expect(ctx.get(c)).toBe(42);
      ran = true;
    };
    ctx.run(fun);
    expect(ran).toBe(true);
  });

  it("test_context_run_7", () => {
    const ctx = new Context();
    let ran = false;
    const fun = (): void => {
      expect(() => ctx.run(fun)).toThrow(RuntimeError);
      expect(() => ctx.run(fun)).toThrow(/is already entered/);
      ran = true;
    };
    ctx.run(fun);
    expect(ran).toBe(true);
  });

  it(
    "test_context_getset_1",
    isolatedContext(() => {
      const c = new ContextVar<unknown>("c");
      expect(() => c.get()).toThrow(LookupError);
      expect(c.get(null)).toBeNull();

      const t0 = c.set(42);
      expect(c.get()).toBe(42);
      expect(c.get(null)).toBe(42);
      expect(t0.oldValue).toBe(Token.MISSING);
      expect(t0.var).toBe(c);

      const t = c.set("spam");
      expect(c.get()).toBe("spam");
      expect(c.get(null)).toBe("spam");
      expect(t.oldValue).toBe(42);
      c.reset(t);

      expect(c.get()).toBe(42);
      expect(c.get(null)).toBe(42);

      c.set("spam2");
      expect(() => c.reset(t)).toThrow(RuntimeError);
      expect(() => c.reset(t)).toThrow(/has already been used/);
      expect(c.get()).toBe("spam2");

      const ctx1 = copyContext();
      expect(ctx1.has(c)).toBe(true);

      c.reset(t0);
      expect(() => c.reset(t0)).toThrow(/has already been used/);
      expect(c.get(null)).toBeNull();

      expect(ctx1.has(c)).toBe(true);
      expect(ctx1.get(c)).toBe("spam2");
      expect(ctx1.get(c, "aa")).toBe("spam2");
      expect(ctx1.size).toBe(1);
      expect([...ctx1.entries()]).toEqual([[c, "spam2"]]);
      expect([...ctx1.values()]).toEqual(["spam2"]);
      expect([...ctx1.keys()]).toEqual([c]);
      expect([...ctx1]).toEqual([c]);

      const ctx2 = copyContext();
      expect(ctx2.has(c)).toBe(false);
      expect(ctx2.get(c)).toBeUndefined();
      expect(ctx2.get(c, "aa")).toBe("aa");
      expect(ctx2.size).toBe(0);
      expect([...ctx2]).toEqual([]);
    }),
  );

  it(
    "test_context_getset_2",
    isolatedContext(() => {
      const v1 = new ContextVar<number>("v1");
      const v2 = new ContextVar<number>("v2");
      const t1 = v1.set(42);
      expect(() => v2.reset(t1)).toThrow(RangeError);
      expect(() => v2.reset(t1)).toThrow(/by a different/);
    }),
  );

  it(
    "test_context_getset_3",
    isolatedContext(() => {
      const c = new ContextVar("c", { default: 42 });
      const ctx = new Context();
      let ran = false;
      const fun = (): void => {
        expect(c.get()).toBe(42);
        expect(ctx.has(c)).toBe(false);
        expect(ctx.get(c)).toBeUndefined();
        expect(ctx.get(c, "spam")).toBe("spam");
        expect([...ctx.keys()]).toEqual([]);

        const t = c.set(1);
        expect([...ctx.keys()]).toEqual([c]);
        expect(ctx.get(c)).toBe(1);

        c.reset(t);
        expect([...ctx.keys()]).toEqual([]);
        expect(ctx.has(c)).toBe(false);
        ran = true;
      };
      ctx.run(fun);
      expect(ran).toBe(true);
    }),
  );

  it(
    "test_context_getset_4",
    isolatedContext(() => {
      const c = new ContextVar("c", { default: 42 });
      const ctx = new Context();
      const tok = ctx.run(() => c.set(1));
      expect(() => c.reset(tok)).toThrow(RangeError);
      expect(() => c.reset(tok)).toThrow(/different Context/);
    }),
  );

  it(
    "test_context_getset_5",
    isolatedContext(() => {
      const c = new ContextVar<number[]>("c", { default: [42] });
      c.set([]);
      const fun = (): void => {
        c.set([]);
        c.get().push(42);
        expect(c.get()).toEqual([42]);
      };
      copyContext().run(fun);
      expect(c.get()).toEqual([]);
    }),
  );

  it("test_context_copy_1", () => {
    const ctx1 = new Context();
    const c = new ContextVar("c", { default: 42 });
    let ran = 0;

    const ctx2Fun = (): void => {
      expect(c.get()).toBe(10);
      c.set(30);
      expect(c.get()).toBe(30);
      ran++;
    };
    const ctx1Fun = (): void => {
      c.set(10);

      const ctx2 = ctx1.copy();
      expect(ctx2.get(c)).toBe(10);

      c.set(20);
      expect(ctx1.get(c)).toBe(20);
      expect(ctx2.get(c)).toBe(10);

      ctx2.run(ctx2Fun);
      expect(ctx1.get(c)).toBe(20);
      expect(ctx2.get(c)).toBe(30);
      ran++;
    };
    ctx1.run(ctx1Fun);
    expect(ran).toBe(2);
  });

  it.skip("test_context_threads_1 (one thread per JavaScript realm)", () => {});
});

describe("DecimalContextTest (test_asyncio/test_context.py)", () => {
  it.skip("test_asyncio_task_decimal_context (no decimal module; per-Task contexts are tested in @tsasyncio/tasks)", () => {});
});

describe("TypeScript: context variables", () => {
  it("ContextVar.get() uses the value, then the argument, then the default", () => {
    new Context().run(() => {
      const withDefault = new ContextVar("d", { default: "default" });
      expect(withDefault.get()).toBe("default");
      expect(withDefault.get("argument")).toBe("argument");
      withDefault.set("value");
      expect(withDefault.get("argument")).toBe("value");
      // An explicit undefined default is a default.
      const undef = new ContextVar<undefined>("u", { default: undefined });
      expect(undef.get()).toBeUndefined();
    });
  });

  it("ContextVar.get() without a value nor default names the variable", () => {
    const v = new ContextVar("request_id");
    expect(() => v.get()).toThrow(LookupError);
    expect(() => v.get()).toThrow("<ContextVar name='request_id'> has no value");
  });

  it("reprs: ContextVar, Token, Context", () => {
    new Context().run(() => {
      expect(String(new ContextVar("x"))).toBe("<ContextVar name='x'>");
      expect(String(new ContextVar("x", { default: 0 }))).toBe("<ContextVar name='x' default=0>");
      expect(String(new ContextVar("x", { default: "s" }))).toBe(
        "<ContextVar name='x' default='s'>",
      );
      const v = new ContextVar<number>("v");
      const t = v.set(1);
      expect(String(t)).toBe("<Token var=<ContextVar name='v'>>");
      v.reset(t);
      expect(String(t)).toBe("<Token used var=<ContextVar name='v'>>");
      expect(String(copyContext())).toBe("<Context size=0>");
      v.set(2);
      expect(String(copyContext())).toBe("<Context size=1>");
      expect(inspect(copyContext())).toBe("<Context size=1>");
      expect(inspect(v)).toBe("<ContextVar name='v'>");
      expect(inspect(t)).toBe("<Token used var=<ContextVar name='v'>>");
    });
  });

  it("reset() rejects something that is not a Token", () => {
    const v = new ContextVar<number>("v");
    expect(() => v.reset({} as never)).toThrow(TypeError);
  });

  it("copyContext() is a snapshot: later sets do not leak into it", () => {
    new Context().run(() => {
      const v = new ContextVar("v", { default: 0 });
      v.set(1);
      const snap = copyContext();
      v.set(2);
      expect(snap.get(v)).toBe(1);
      expect(snap.run(() => v.get())).toBe(1);
      expect(v.get()).toBe(2);
    });
  });

  it("Context.run restores the previous current context, even on error", () => {
    const before = currentContext();
    const ctx = new Context();
    expect(() =>
      ctx.run(() => {
        expect(currentContext()).toBe(ctx);
        throw new Error("x");
      }),
    ).toThrow("x");
    expect(currentContext()).toBe(before);
  });

  it("a Token works with `using`: the end of the block resets the variable", () => {
    new Context().run(() => {
      const v = new ContextVar("v", { default: "default" });
      {
        using _tok = v.set("inside");
        expect(v.get()).toBe("inside");
      }
      expect(v.get()).toBe("default");
    });
  });

  it("`using` resets the variable when the block throws", () => {
    new Context().run(() => {
      const v = new ContextVar<number>("v");
      const block = (): void => {
        using _tok = v.set(1);
        expect(v.get()).toBe(1);
        throw new RangeError("inside");
      };
      expect(block).toThrow(RangeError);
      expect(v.get(null)).toBeNull();
    });
  });

  it("nested `using` blocks restore each value in turn", () => {
    new Context().run(() => {
      const v = new ContextVar("v", { default: 0 });
      {
        using _a = v.set(1);
        {
          using _b = v.set(2);
          expect(v.get()).toBe(2);
        }
        expect(v.get()).toBe(1);
      }
      expect(v.get()).toBe(0);
    });
  });

  it("Token[Symbol.dispose] after an explicit reset throws RuntimeError", () => {
    new Context().run(() => {
      const v = new ContextVar("v", { default: 0 });
      const tok = v.set(1);
      v.reset(tok);
      expect(() => tok[Symbol.dispose]()).toThrow(RuntimeError);
      expect(() => tok[Symbol.dispose]()).toThrow(/has already been used/);
    });
  });
});
