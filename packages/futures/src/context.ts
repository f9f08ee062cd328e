// Port of Python's contextvars (PEP 567) semantics: Lib/test/test_context.py is the spec.
// A Context holds an immutable Map; copying a Context shares the Map (O(1)), and
// ContextVar.set() replaces the current Context's Map with a modified copy
// (copy-on-write: O(number of variables), which is small in practice).
import { LookupError, RuntimeError } from "./errors.js";
import { realm } from "./realm.js";
import { inspectCustom, pyRepr } from "./repr.js";

type Data = ReadonlyMap<ContextVar<unknown>, unknown>;
const EMPTY: Data = new Map();
const MISSING: unique symbol = Symbol("Token.MISSING");
// The variables whose repr is being built: a default that contains its own variable
// prints as `...` (CPython's reprs guard against the recursion the same way).
const reprRunning = new Set<ContextVar<unknown>>();

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
  if (!(v instanceof ContextVar))
    throw new TypeError(`a ContextVar key was expected, got ${describe(v)}`);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return v.constructor?.name ?? "object";
  return typeof v;
}

/** Options of {@link ContextVar}. */
export interface ContextVarOptions<T> {
  /** The value `get()` returns when the variable has no value in the current context. */
  default?: T;
}

/**
 * A context variable: a value that each Task (and each callback) sees in its own context.
 *
 * @remarks Python's `contextvars.ContextVar`. `set()` returns a {@link Token} that
 * `reset()` takes to restore the previous value; a Token is also a `Disposable`, so
 * `using _ = v.set(x)` restores it at the end of the block (Python 3.14's `with var.set(x)`).
 * @typeParam T - the type of the value
 * @example
 * ```ts
 * import { ContextVar } from "tsasyncio";
 * const depth = new ContextVar("depth", { default: 0 });
 * const token = depth.set(1);
 * console.log(depth.get()); // prints: 1
 * depth.reset(token);
 * console.log(depth.get()); // prints: 0
 * ```
 * @category Context variables
 */
export class ContextVar<T> {
  readonly #name: string;
  readonly #hasDefault: boolean;
  readonly #default: T | undefined;

  /**
   * @param name - the variable's name, for printing and debugging
   * @param options - `{ default }`, the value when none is set
   */
  constructor(name: string, options?: ContextVarOptions<T>) {
    if (typeof name !== "string")
      throw new TypeError(`context variable name must be a str, got ${typeof name}`);
    this.#name = name;
    this.#hasDefault = options !== undefined && "default" in options;
    this.#default = options?.default;
  }

  /** The variable's name. */
  get name(): string {
    return this.#name;
  }

  /**
   * The value in the current context; else `defaultValue` if given; else the variable's
   * default.
   * @throws {@link LookupError} if there is none of these
   */
  get(): T;
  get<D>(defaultValue: D): T | D;
  get(...args: unknown[]): unknown {
    const data = currentContext()._data;
    if (data.has(this)) return data.get(this);
    if (args.length > 0) return args[0];
    if (this.#hasDefault) return this.#default;
    throw new LookupError(
      `<ContextVar name='${this.#name}'> has no value; set it or give a default`,
    );
  }

  /**
   * Sets the value in the current context.
   * @returns a {@link Token} to restore the previous value with {@link ContextVar.reset}
   */
  set(value: T): Token<T> {
    const ctx = currentContext();
    const key = this as ContextVar<unknown>;
    const old = ctx._data.has(key) ? ctx._data.get(key) : MISSING;
    const data = new Map(ctx._data);
    data.set(key, value);
    ctx._data = data;
    return new Token<T>(ctx, this, old as T | typeof MISSING);
  }

  /**
   * Restores the value the variable had before the `set()` that returned `token`.
   * @throws {@link RuntimeError} if the token was already used
   * @throws RangeError if the token was made by another variable or in another context
   */
  reset(token: Token<T>): void {
    if (!(token instanceof Token))
      throw new TypeError(`expected an instance of Token, got ${describe(token)}`);
    if (token._used) throw new RuntimeError(`${String(token)} has already been used once`);
    if (token.var !== this)
      throw new RangeError(`${String(token)} was created by a different ContextVar`);
    const ctx = currentContext();
    if (token._context !== ctx)
      throw new RangeError(`${String(token)} was created in a different Context`);
    const data = new Map(ctx._data);
    const key = this as ContextVar<unknown>;
    if (token.oldValue === Token.MISSING) data.delete(key);
    else data.set(key, token.oldValue);
    ctx._data = data;
    token._used = true;
  }

  /** `<ContextVar name='x' default=0>` */
  toString(): string {
    const self = this as ContextVar<unknown>;
    if (!this.#hasDefault) return `<ContextVar name='${this.#name}'>`;
    if (reprRunning.has(self)) return `<ContextVar name='${this.#name}' default=...>`;
    reprRunning.add(self);
    try {
      return `<ContextVar name='${this.#name}' default=${pyRepr(this.#default, true)}>`;
    } finally {
      reprRunning.delete(self);
    }
  }

  /** @internal Node's `util.inspect` shows the repr. */
  [inspectCustom](): string {
    return this.toString();
  }
}

/**
 * What {@link ContextVar.set} returns: enough to undo the change with
 * {@link ContextVar.reset}, once, in the same context.
 *
 * @remarks Python's `contextvars.Token`, including 3.14's use as a context manager:
 * `using _ = v.set(x)` resets the variable when the block ends.
 * @example
 * ```ts
 * import { ContextVar, Token } from "tsasyncio";
 * const v = new ContextVar<number>("v");
 * const t = v.set(1);
 * console.log(t.oldValue === Token.MISSING); // prints: true
 * ```
 * @category Context variables
 */
export class Token<T> implements Disposable {
  /** The marker `oldValue` holds when the variable had no value before `set()`. */
  static readonly MISSING: typeof MISSING = MISSING;
  /** @internal */ readonly _context: Context;
  /** @internal */ _used = false;
  /** The variable that was set. */
  readonly var: ContextVar<T>;
  /** The value before the `set()`, or {@link Token.MISSING}. */
  readonly oldValue: T | typeof MISSING;

  /** @internal Tokens are made by `ContextVar.set()`. */
  constructor(context: Context, v: ContextVar<T>, oldValue: T | typeof MISSING) {
    this._context = context;
    this.var = v;
    this.oldValue = oldValue;
  }

  /** Resets the variable (`using tok = v.set(x)`). */
  [Symbol.dispose](): void {
    this.var.reset(this);
  }

  /** `<Token var=<ContextVar name='x'>>` */
  toString(): string {
    return `<Token${this._used ? " used" : ""} var=${String(this.var)}>`;
  }

  /** @internal Node's `util.inspect` shows the repr. */
  [inspectCustom](): string {
    return this.toString();
  }
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
