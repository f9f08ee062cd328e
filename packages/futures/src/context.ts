// Port of Python's contextvars (PEP 567) semantics: Lib/test/test_context.py is the spec.
// A Context holds an immutable Map; copying a Context shares the Map (O(1)), and
// ContextVar.set() replaces the current Context's Map with a modified copy
// (copy-on-write: O(number of variables), which is small in practice).
import { RuntimeError } from "./errors.js";
import { realm } from "./realm.js";
import { inspectCustom } from "./repr.js";
import type { ContextVar } from "./context-var.js";

/** @internal The keys of a Context's map. */
export type Data = ReadonlyMap<ContextVar<unknown>, unknown>;
const EMPTY: Data = new Map();

/**
 * @internal The brand of ContextVar instances: Context checks its keys by it, so that this
 * module does not import ContextVar (a program that never uses context variables does not
 * carry them).
 */
export const contextVarBrand: unique symbol = Symbol("tsasyncio.ContextVar") as never;

/** @internal The current context of this realm (created on first use). */
export function currentContext(): Context {
  const r = realm();
  return (r.context ??= new Context());
}

/**
 * @internal Makes `ctx` current and returns the previous one; the fast path of
 * `Context.run` used by the loop to run callbacks and Task steps.
 */
export function enterContext(ctx: Context): Context {
  if (ctx._entered)
    throw new RuntimeError(`cannot enter context: ${String(ctx)} is already entered`);
  const r = realm();
  const prev = (r.context ??= new Context());
  ctx._entered = true;
  r.context = ctx;
  return prev;
}

/** @internal The current context's variables (an immutable snapshot: O(1), no copy). */
export function currentData(): Data {
  return currentContext()._data;
}

/** @internal A new Context holding `data`: a copy made later from a snapshot. */
export function contextWithData(data: Data): Context {
  const c = new Context();
  c._data = data;
  return c;
}

/** @internal Undoes `enterContext`. */
export function exitContext(ctx: Context, prev: Context): void {
  ctx._entered = false;
  realm().context = prev;
}

/**
 * A mapping of {@link ContextVar}s to values: each Task runs in its own Context, copied
 * from the context current when the Task was created.
 *
 * @remarks
 * Python's `contextvars.Context`, a read-only mapping (`get`, `has`, `keys`, `values`,
 * `entries`, `size`). Copying is O(1). `run()` of a context that is already entered
 * throws `RuntimeError`, as in Python.
 * @example
 * ```ts
 * import { ContextVar, copyContext } from "tsasyncio";
 * const user = new ContextVar<string>("user", { default: "nobody" });
 * const ctx = copyContext();
 * ctx.run(() => user.set("ada"));
 * console.log(ctx.get(user), user.get()); // prints: ada nobody
 * ```
 * @category Context variables
 */
export class Context implements Iterable<ContextVar<unknown>> {
  /** @internal */ _data: Data;
  /** @internal */ _entered = false;

  /**
   * An empty context, as Python's `Context()`.
   * @throws TypeError if given any argument (use {@link copyContext} to copy the current one)
   */
  constructor() {
    // Python's Context() takes no argument; JavaScript would silently ignore one.
    if (arguments.length > 0)
      throw new TypeError(
        "Context() does not accept any arguments: it makes an empty context; use copyContext() to copy the current one",
      );
    this._data = EMPTY;
  }

  /**
   * Calls `fn(...args)` with this context as the current one, and restores the previous
   * context afterwards; changes that `fn` makes to context variables stay in this context.
   * @throws {@link RuntimeError} if this context is already entered
   * @throws TypeError if `fn` is not a function
   */
  run<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
    if (typeof fn !== "function")
      throw new TypeError(`Context.run() expected a function to call, got ${describe(fn)}`);
    const prev = enterContext(this);
    try {
      return fn(...args);
    } finally {
      exitContext(this, prev);
    }
  }

  /** A shallow copy (O(1)). */
  copy(): Context {
    const c = new Context();
    c._data = this._data;
    return c;
  }

  /**
   * The value of `v` in this context, or `defaultValue` (Python's `ctx.get(var, default)`).
   */
  get<T>(v: ContextVar<T>): T | undefined;
  get<T, D>(v: ContextVar<T>, defaultValue: D): T | D;
  get(v: ContextVar<unknown>, defaultValue?: unknown): unknown {
    checkVar(v);
    return this._data.has(v) ? this._data.get(v) : defaultValue;
  }

  /** Whether `v` has a value in this context (Python's `var in ctx`). */
  has(v: ContextVar<unknown>): boolean {
    checkVar(v);
    return this._data.has(v);
  }

  /** The variables that have a value in this context. */
  keys(): IterableIterator<ContextVar<unknown>> {
    return this._data.keys();
  }

  /** The values of the variables in this context. */
  values(): IterableIterator<unknown> {
    return this._data.values();
  }

  /** `[variable, value]` pairs (Python's `items()`). */
  entries(): IterableIterator<[ContextVar<unknown>, unknown]> {
    return this._data.entries();
  }

  /** The number of variables set in this context (Python's `len(ctx)`). */
  get size(): number {
    return this._data.size;
  }

  /** Iterates over the variables, as iterating a Python mapping does. */
  [Symbol.iterator](): IterableIterator<ContextVar<unknown>> {
    return this._data.keys();
  }

  /** `<Context size=N>` */
  toString(): string {
    return `<Context size=${this._data.size}${this._entered ? " entered" : ""}>`;
  }

  /** @internal Node's `util.inspect` shows the repr. */
  [inspectCustom](): string {
    return this.toString();
  }
}

function checkVar(v: unknown): void {
  if (typeof v !== "object" || v === null || !(contextVarBrand in v))
    throw new TypeError(`a ContextVar key was expected, got ${describe(v)}`);
}

/** @internal A short type description for error messages. */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return v.constructor?.name ?? "object";
  return typeof v;
}

/**
 * A copy of the current context (O(1)).
 *
 * @remarks Python's `contextvars.copy_context()`.
 * @example
 * ```ts
 * import { ContextVar, copyContext } from "tsasyncio";
 * const v = new ContextVar("v", { default: "outer" });
 * copyContext().run(() => { v.set("inner"); console.log(v.get()); }); // prints: inner
 * console.log(v.get()); // prints: outer
 * ```
 * @category Context variables
 */
export function copyContext(): Context {
  return currentContext().copy();
}
