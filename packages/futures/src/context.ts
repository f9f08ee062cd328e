// Port of Python's contextvars (PEP 567) semantics: Lib/test/test_context.py is the spec.
// A Context holds an immutable Map; copying a Context shares the Map (O(1)), and
// ContextVar.set() replaces the current Context's Map with a modified copy
// (copy-on-write: O(number of variables), which is small in practice).
import { RuntimeError } from "./errors.js";
import { realm, type Realm } from "./realm.js";
import { inspectCustom } from "./repr.js";
import type { ContextVar } from "./context-var.js";

/** @internal The keys of a Context's map. */
export type Data = ReadonlyMap<ContextVar<unknown>, unknown>;
/** @internal The variables of a context where none was ever set. */
export const EMPTY_DATA: Data = new Map();

/**
 * @internal The brand of ContextVar instances: Context checks its keys by it, so that this
 * module does not import ContextVar (a program that never uses context variables does not
 * carry them).
 */
export const contextVarBrand: unique symbol = Symbol("tsasyncio.ContextVar") as never;

/**
 * @internal An object that keeps its context lazily: a Task holds only the snapshot of the
 * variables (`Data`) it was created with, and gets a Context object when one is needed:
 * `getContext()`, a `ContextVar.set()`/`reset()` while it runs, a copy, a nested run.
 * Most Tasks never need one, and a pending Task is then 40 bytes smaller. While such a
 * Task's step runs, the Task itself is the realm's current context (`realm().owner`).
 */
export interface ContextOwner {
  _context: Context | Data;
}

/** @internal What entering a context returns, for leaving it: the previous current context. */
export type SavedContext = Context | ContextOwner;

/**
 * @internal A variables snapshot that tells the loop not to enter any context for a
 * callback, which enters its own (a Task step). Anything that does not know it runs the
 * callback in an empty context, and the step still enters the Task's.
 */
export const SELF_CONTEXT: Data = new Map();

/**
 * @internal The context a loop is given with a {@link WakeupReceiver} in place of the
 * callback: the loop then calls `callback._wakeup(arg)`, outside any context (the receiver
 * enters its own). A waiting Task or a gather's outer Future is woken this way, with no
 * closure made for it.
 */
export const RECEIVER: Data = new Map();

/** @internal The current context of this realm (created on first use). */
export function currentContext(): Context {
  const r = realm();
  const o = r.owner;
  if (o != null) return materializeCurrent(r, o);
  return (r.context ??= new Context());
}

// The running owner needs a Context object: it gets one, entered, and it becomes current.
function materializeCurrent(r: Realm, o: ContextOwner): Context {
  const c = contextWithData(o._context as Data);
  c._entered = true;
  o._context = c;
  r.context = c;
  r.owner = null;
  return c;
}

/** @internal The Context of `o`, made now if it has only a snapshot. */
export function ownerContext(o: ContextOwner): Context {
  const c = o._context;
  if (c instanceof Context) return c;
  const r = realm();
  if (r.owner === o) return materializeCurrent(r, o);
  return (o._context = contextWithData(c));
}

/**
 * @internal Makes `ctx` current and returns the previous one; the fast path of
 * `Context.run` used by the loop to run callbacks and Task steps.
 */
export function enterContext(ctx: Context): SavedContext {
  if (ctx._entered)
    throw new RuntimeError(`cannot enter context: ${String(ctx)} is already entered`);
  const r = realm();
  const prev = saved(r);
  r.owner = null;
  ctx._entered = true;
  r.context = ctx;
  return prev;
}

/** @internal Makes the owner's context current (its `Context` if it has one). */
export function enterOwner(o: ContextOwner): SavedContext {
  const c = o._context;
  if (c instanceof Context) return enterContext(c);
  const r = realm();
  const prev = saved(r);
  r.owner = o;
  return prev;
}

// The current context as entering saves it: the running owner, else the Context.
function saved(r: Realm): SavedContext {
  return r.owner ?? (r.context ??= new Context());
}

/** @internal Undoes `enterOwner` (the owner may have got its Context meanwhile). */
export function exitOwner(o: ContextOwner, prev: SavedContext): void {
  const c = o._context;
  if (c instanceof Context) c._entered = false;
  restore(prev);
}

/** @internal The current context's variables (an immutable snapshot: O(1), no copy). */
export function currentData(): Data {
  const r = realm();
  const o = r.owner;
  // The same loads whether a Task runs or not (the context's is then unused): a path taken
  // only outside Tasks (making run()'s main Task) would otherwise be one that optimized
  // code never saw, and V8 would throw that code away at every run().
  const data = (r.context ??= new Context())._data;
  return o != null ? (o._context as Data) : data;
}

/**
 * @internal The variables an owner (a Task) holds now: its Context's, or its snapshot;
 * `undefined` for an object that is no owner.
 */
export function ownerData(o: Partial<ContextOwner>): Data | undefined {
  const c = o._context;
  if (c instanceof Context) return c._data;
  return c instanceof Map ? c : undefined;
}

/** @internal A new Context holding `data`: a copy made later from a snapshot. */
export function contextWithData(data: Data): Context {
  const c = new Context();
  c._data = data;
  return c;
}

/** @internal Undoes `enterContext`. */
export function exitContext(ctx: Context, prev: SavedContext): void {
  ctx._entered = false;
  restore(prev);
}

function restore(prev: SavedContext): void {
  const r = realm();
  if (prev instanceof Context) {
    r.context = prev;
    r.owner = null;
    return;
  }
  const c = prev._context;
  if (c instanceof Context) {
    // The owner got its Context (getContext()) while a nested context ran: it is current
    // again, and entered, until the owner's step ends (exitOwner).
    c._entered = true;
    r.context = c;
    r.owner = null;
  } else r.owner = prev;
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
    this._data = EMPTY_DATA;
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
