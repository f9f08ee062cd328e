// Port of Lib/asyncio/exceptions.py (3.13), plus ExceptionGroup (PEP 654) and the
// error classes of the queues and locks modules, so that every layer shares one set.
// Names are set on the prototype (STYLE.md §4 item 7): `err.name`, the stack header
// and `instanceof` all work, with no own property.

/**
 * The operation was cancelled: thrown into a coroutine at the `yield*` where its Task
 * was waiting when the Task was cancelled.
 *
 * @remarks
 * Python's `asyncio.CancelledError` (a `BaseException`). In JavaScript it is an `Error`,
 * so a bare `catch (e)` catches it too: rethrow it unless you mean to swallow the
 * cancellation (and then call `task.uncancel()`, as in Python).
 *
 * @example
 * ```ts
 * import { CancelledError, run, sleep, createTask } from "tsasyncio";
 * await run(function* () {
 *   const t = createTask(sleep(10));
 *   yield* sleep(0);
 *   t.cancel("enough");
 *   try {
 *     yield* t;
 *   } catch (e) {
 *     console.log(e instanceof CancelledError, (e as Error).message); // prints: true enough
 *   }
 * }());
 * ```
 * @category Errors
 */
export class CancelledError extends Error {
  static {
    this.prototype.name = "CancelledError";
  }
}

/**
 * The operation is not allowed in the object's current state, e.g. `result()` of a
 * pending Future, or `setResult()` on a finished one.
 *
 * @remarks Python's `asyncio.InvalidStateError`.
 * @example
 * ```ts
 * import { Future, InvalidStateError, newEventLoop } from "tsasyncio";
 * const f = new Future({ loop: newEventLoop() });
 * try { f.result(); } catch (e) { console.log(e instanceof InvalidStateError); } // prints: true
 * ```
 * @category Errors
 */
export class InvalidStateError extends Error {
  static {
    this.prototype.name = "InvalidStateError";
  }
}

/**
 * A deadline passed: raised by `waitFor`, `timeout()` and `asCompleted`.
 *
 * @remarks Python's `TimeoutError` (which `asyncio.TimeoutError` aliases since 3.11).
 * @example
 * ```ts
 * import { TimeoutError } from "tsasyncio";
 * console.log(new TimeoutError().name); // prints: TimeoutError
 * ```
 * @category Errors
 */
export class TimeoutError extends Error {
  static {
    this.prototype.name = "TimeoutError";
  }
}

/**
 * Python's `RuntimeError`: the operation cannot run now (no running event loop, the
 * loop is closed, a loop is already running, …).
 *
 * @example
 * ```ts
 * import { RuntimeError, getRunningLoop } from "tsasyncio";
 * try { getRunningLoop(); } catch (e) { console.log(String(e)); } // prints: RuntimeError: no running event loop
 * ```
 * @category Errors
 */
export class RuntimeError extends Error {
  static {
    this.prototype.name = "RuntimeError";
  }
}

/**
 * Python's `LookupError`: `ContextVar.get()` on a variable that has no value and no default.
 *
 * @example
 * ```ts
 * import { ContextVar, LookupError } from "tsasyncio";
 * try { new ContextVar("x").get(); } catch (e) { console.log(e instanceof LookupError); } // prints: true
 * ```
 * @category Errors
 */
export class LookupError extends Error {
  static {
    this.prototype.name = "LookupError";
  }
}

/**
 * Python's `KeyboardInterrupt`: `run()` rejects with it when Ctrl-C (SIGINT) cancelled
 * the main task and the task did not swallow the cancellation.
 *
 * @example
 * ```ts
 * import { KeyboardInterrupt } from "tsasyncio";
 * console.log(new KeyboardInterrupt().name); // prints: KeyboardInterrupt
 * ```
 * @category Errors
 */
export class KeyboardInterrupt extends Error {
  static {
    this.prototype.name = "KeyboardInterrupt";
  }
}

/**
 * `Barrier.wait()` on a barrier that was reset or aborted.
 *
 * @remarks Python's `asyncio.BrokenBarrierError`.
 * @example
 * ```ts
 * import { BrokenBarrierError } from "tsasyncio";
 * console.log(new BrokenBarrierError().name); // prints: BrokenBarrierError
 * ```
 * @category Errors
 */
export class BrokenBarrierError extends RuntimeError {
  static {
    this.prototype.name = "BrokenBarrierError";
  }
}

/**
 * `getNowait()` on an empty queue.
 *
 * @remarks Python's `asyncio.QueueEmpty`.
 * @example
 * ```ts
 * import { Queue, QueueEmpty, newEventLoop, setEventLoop } from "tsasyncio";
 * setEventLoop(newEventLoop());
 * try { new Queue().getNowait(); } catch (e) { console.log(e instanceof QueueEmpty); } // prints: true
 * setEventLoop(null);
 * ```
 * @category Errors
 */
export class QueueEmpty extends Error {
  static {
    this.prototype.name = "QueueEmpty";
  }
}

/**
 * `putNowait()` on a full queue.
 *
 * @remarks Python's `asyncio.QueueFull`.
 * @example
 * ```ts
 * import { QueueFull } from "tsasyncio";
 * console.log(new QueueFull().name); // prints: QueueFull
 * ```
 * @category Errors
 */
export class QueueFull extends Error {
  static {
    this.prototype.name = "QueueFull";
  }
}

/**
 * `put()`/`get()` on a queue that was shut down (Python 3.13's `asyncio.QueueShutDown`).
 *
 * @example
 * ```ts
 * import { QueueShutDown } from "tsasyncio";
 * console.log(new QueueShutDown().name); // prints: QueueShutDown
 * ```
 * @category Errors
 */
export class QueueShutDown extends Error {
  static {
    this.prototype.name = "QueueShutDown";
  }
}

/**
 * A stream ended before the expected number of bytes was read.
 *
 * @remarks Python's `asyncio.IncompleteReadError`; `partial` holds what was read.
 * @example
 * ```ts
 * import { IncompleteReadError } from "tsasyncio";
 * const e = new IncompleteReadError(new Uint8Array(2), 5);
 * console.log(e.message); // prints: 2 bytes read on a total of 5 expected bytes
 * ```
 * @category Errors
 */
export class IncompleteReadError extends Error {
  static {
    this.prototype.name = "IncompleteReadError";
  }
  /** The bytes read before the end of the stream. */
  readonly partial: Uint8Array;
  /** The number of bytes that were expected, or `null` for "up to the end". */
  readonly expected: number | null;
  /**
   * @param partial - the bytes read before the stream ended
   * @param expected - the total that was expected, or `null`
   */
  constructor(partial: Uint8Array, expected: number | null) {
    const r = expected === null ? "undefined" : String(expected);
    super(`${partial.length} bytes read on a total of ${r} expected bytes`);
    this.partial = partial;
    this.expected = expected;
  }
}

/**
 * A stream read found no separator within the buffer limit.
 *
 * @remarks Python's `asyncio.LimitOverrunError`; `consumed` is the number of bytes to consume.
 * @example
 * ```ts
 * import { LimitOverrunError } from "tsasyncio";
 * console.log(new LimitOverrunError("Separator is not found", 10).consumed); // prints: 10
 * ```
 * @category Errors
 */
export class LimitOverrunError extends Error {
  static {
    this.prototype.name = "LimitOverrunError";
  }
  /** The total number of bytes to be consumed. */
  readonly consumed: number;
  /**
   * @param message - what went wrong
   * @param consumed - the number of bytes to be consumed
   */
  constructor(message: string, consumed: number) {
    super(message);
    this.consumed = consumed;
  }
}

/** What `split`/`subgroup` accept: an error class, a list of classes, or a predicate. */
export type ExceptionMatcher =
  | (abstract new (...args: never[]) => unknown)
  | readonly (abstract new (...args: never[]) => unknown)[]
  | ((error: unknown) => boolean);

// Whether `fn` is a class (matched with instanceof) rather than a predicate: Error and
// its subclasses, and anything written with `class` syntax (JavaScript can throw any
// object, so a non-Error class is a valid error type here).
function isClass(fn: unknown): fn is abstract new (...args: never[]) => unknown {
  if (typeof fn !== "function") return false;
  if (fn === Error || (fn as { prototype?: unknown }).prototype instanceof Error) return true;
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

const BAD_MATCHER =
  "expected an exception type, a tuple of exception types, or a callable (other than a class)";

function toPredicate(cond: ExceptionMatcher): (e: unknown) => boolean {
  if (Array.isArray(cond)) {
    const classes = cond as readonly unknown[];
    if (!classes.every(isClass))
      throw new TypeError(`${BAD_MATCHER}: a list must hold only error classes`);
    return (e) => classes.some((c) => e instanceof c);
  }
  if (isClass(cond)) return (e) => e instanceof cond;
  if (typeof cond !== "function") throw new TypeError(`${BAD_MATCHER}, got ${typeof cond}`);
  return cond;
}

/**
 * Several errors raised together, e.g. by a `TaskGroup` whose children failed.
 *
 * @remarks
 * Python's `ExceptionGroup` (PEP 654). It extends `AggregateError`, so `.errors` works as
 * well as Python's `.exceptions`. `split()` and `subgroup()` behave as in Python, and
 * replace `except*`: see the "Structured concurrency" guide.
 * @typeParam E - the type of the leaf errors
 * @example
 * ```ts
 * import { ExceptionGroup } from "tsasyncio";
 * const eg = new ExceptionGroup("two failures", [new TypeError("a"), new RangeError("b")]);
 * const [types, rest] = eg.split(TypeError);
 * console.log(String(eg), types?.exceptions.length, rest?.exceptions.length);
 * // prints: ExceptionGroup: two failures (2 sub-exceptions) 1 1
 * ```
 * @category Errors
 */
export class ExceptionGroup<E = unknown> extends AggregateError {
  static {
    this.prototype.name = "ExceptionGroup";
  }
  /** The message given to the constructor, without the count that `message` adds. */
  readonly baseMessage: string;
  /**
   * @param message - the group's message
   * @param exceptions - a non-empty list of errors (nested groups allowed)
   * @throws TypeError if `exceptions` is not a non-empty array
   */
  constructor(message: string, exceptions: readonly E[]) {
    if (typeof message !== "string")
      throw new TypeError(`ExceptionGroup() argument 1 must be a string, got ${typeof message}`);
    if (!Array.isArray(exceptions))
      throw new TypeError("ExceptionGroup() second argument (exceptions) must be a sequence");
    if (exceptions.length === 0)
      throw new RangeError(
        "ExceptionGroup() second argument (exceptions) must be a non-empty sequence",
      );
    const n = exceptions.length;
    super(exceptions, `${message} (${n} sub-exception${n === 1 ? "" : "s"})`);
    this.baseMessage = message;
  }
  /** The errors in the group, as Python's `.exceptions` (the same array as `.errors`). */
  get exceptions(): readonly E[] {
    return this.errors as E[];
  }
  /**
   * A group with the same message, cause and stack holding other errors: what `split` and
   * `subgroup` use to build their parts. Override it in a subclass to keep the subclass.
   * @param exceptions - the errors of the new group
   */
  derive<F>(exceptions: readonly F[]): ExceptionGroup<F> {
    return new ExceptionGroup<F>(this.baseMessage, exceptions);
  }
  #copy<F>(exceptions: readonly F[]): ExceptionGroup<F> {
    const eg = this.derive(exceptions) as unknown;
    if (!(eg instanceof ExceptionGroup))
      throw new TypeError("derive must return an instance of BaseExceptionGroup");
    if (this.cause !== undefined) (eg as { cause?: unknown }).cause = this.cause;
    if (this.stack !== undefined) eg.stack = this.stack;
    return eg as ExceptionGroup<F>;
  }
  /**
   * Splits the group into the errors that match `condition` and the rest, keeping the
   * nesting. Each part is `null` when empty.
   * @param condition - an error class, a list of classes, or a predicate (called on
   *   nested groups too, as in Python)
   * @returns `[match, rest]`
   * @throws TypeError if `condition` is neither a class, a list of classes nor a function,
   *   or if {@link ExceptionGroup.derive} does not return an ExceptionGroup
   */
  split(condition: ExceptionMatcher): [ExceptionGroup | null, ExceptionGroup | null] {
    const [match, rest] = this.#split(toPredicate(condition), true);
    return [match as ExceptionGroup | null, rest as ExceptionGroup | null];
  }

  // CPython's exceptiongroup_split_recursive: the condition is checked on the group itself,
  // then on each member, nested groups included; `rest` is built only for split().
  #split(pred: (e: unknown) => boolean, withRest: boolean): [unknown, unknown] {
    if (pred(this)) return [this, null];
    const match: unknown[] = [];
    const rest: unknown[] = [];
    for (const e of this.exceptions) {
      if (e instanceof ExceptionGroup && #split in e) {
        const [m, r] = (e as ExceptionGroup).#split(pred, withRest);
        if (m !== null) match.push(m);
        if (r !== null) rest.push(r);
      } else if (pred(e)) match.push(e);
      else if (withRest) rest.push(e);
    }
    return [
      match.length > 0 ? this.#copy(match) : null,
      withRest && rest.length > 0 ? this.#copy(rest) : null,
    ];
  }
  /**
   * The errors that match `condition`, keeping the nesting, or `null` if none does.
   * @param condition - an error class, a list of classes, or a predicate
   * @throws TypeError as {@link ExceptionGroup.split} does
   */
  subgroup(condition: ExceptionMatcher): ExceptionGroup | null {
    return this.#split(toPredicate(condition), false)[0] as ExceptionGroup | null;
  }
}
