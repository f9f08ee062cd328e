// Port of Python's contextvars.ContextVar and Token (PEP 567), on top of context.ts.
import { LookupError, RuntimeError } from "./errors.js";
import { contextVarBrand, currentContext, currentData, describe, type Context } from "./context.js";
import { inspectCustom, pyRepr } from "./repr.js";

const MISSING: unique symbol = Symbol("Token.MISSING");
// ContextVars whose repr is being computed (a default that contains the variable).
const reprRunning = new Set<ContextVar<unknown>>();

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
  /** @internal */ readonly [contextVarBrand] = true;
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
    const data = currentData();
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
