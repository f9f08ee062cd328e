// Port of gather() and _GatheringFuture from Lib/asyncio/tasks.py (3.13), with the
// eager-completion path of 3.12 (children that are already done are accounted for once the
// outer future exists), plus gatherAll(), the same over an iterable.
import { CancelledError, Future, isFuture, type AbstractEventLoop } from "@tsasyncio/futures";
import {
  FREE_FLAG,
  _getEventLoop,
  futureAddDoneCallback,
  loopOption,
  type WakeupReceiver,
  addReceiver,
} from "@tsasyncio/futures/internal";
import { ensureFuture, isCoroutine } from "@tsasyncio/tasks";
import type {
  Awaitable,
  AwaitedResult,
  GatherResults,
  GatherResultsOrErrors,
} from "./awaitable.js";
import { describeValue, isThenable } from "./internal/helpers.js";

/**
 * Options of {@link gather} and {@link gatherAll}.
 * @category Gathering
 */
export interface GatherOptions {
  /**
   * Put each child's error (a `CancelledError` for a cancelled child) in the results
   * instead of failing the gather with the first one (default `false`).
   */
  returnExceptions?: boolean;
}

interface CancellableFields {
  _makeCancelledError?: () => CancelledError;
  _cancelMessage?: string;
}

// Future._make_cancelled_error(), for our Futures and for foreign ones.
function makeCancelledError(fut: Future<unknown>): CancelledError {
  const f = fut as unknown as CancellableFields;
  if (typeof f._makeCancelledError === "function") return f._makeCancelledError();
  return f._cancelMessage === undefined
    ? new CancelledError()
    : new CancelledError(f._cancelMessage);
}

// GatheringFuture's bits of Future._flags.
const CANCEL_REQUESTED = FREE_FLAG;
const RETURN_EXCEPTIONS = FREE_FLAG << 1;
const ARMED = FREE_FLAG << 2;

/**
 * CPython's `_GatheringFuture`: the Future gather() returns. `cancel()` cancels every
 * child instead of marking itself cancelled at once, like `Task.cancel()`; the outcome then
 * comes from the children. It also holds the gather's state (CPython's closure variables
 * of `_done_callback`), and it is itself the done callback of its children (a
 * WakeupReceiver: the loop calls `_wakeup(child)`), so that a gather costs this object and
 * its children array, with no closure.
 */
class GatheringFuture<T> extends Future<T> implements WakeupReceiver {
  /** @internal */ _children: Future<unknown>[];
  /** @internal How many distinct children there are, and how many are done. */
  _nfuts = 0;
  /** @internal */ _nfinished = 0;

  constructor(children: Future<unknown>[], returnExceptions: boolean, loop: AbstractEventLoop) {
    super(loopOption(loop));
    this._children = children;
    // (A second store: `_nfinished` changes from the first gather on, for V8, instead of
    // when the first child completes, which would throw away the code that makes gathers.)
    this._nfinished = 0;
    if (returnExceptions) this._flags |= RETURN_EXCEPTIONS;
  }

  /** @internal gather()'s `return_exceptions` (a bit of `_flags`). */
  get _returnExceptions(): boolean {
    return (this._flags & RETURN_EXCEPTIONS) !== 0;
  }

  /** @internal Whether gather() itself was cancelled (CPython's `_cancel_requested`). */
  get _cancelRequested(): boolean {
    return (this._flags & CANCEL_REQUESTED) !== 0;
  }

  /**
   * @internal False until every argument was wrapped (bpo-46672): a child that finishes
   * before then (or after a wrapping error) only has its exception marked retrieved.
   */
  get _armed(): boolean {
    return (this._flags & ARMED) !== 0;
  }

  /** @internal A child is done (the loop wakes the gather with it, as a done callback). */
  _wakeup(fut: Future<unknown> | undefined): void {
    this._childDone(fut as Future<unknown>);
  }

  /** @internal How a child's repr shows this gather among its callbacks. */
  _receiverRepr(): string {
    return "gather._done_callback()";
  }

  /**
   * Cancels every child that is not done.
   * @param msg - carried by the children's `CancelledError`
   * @returns true if at least one child was cancelled
   */
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    let ret = false;
    for (const child of this._children) if (child.cancel(msg)) ret = true;
    // If any child was actually cancelled, the cancellation must propagate regardless of
    // returnExceptions (bpo-32684).
    if (ret) this._flags |= CANCEL_REQUESTED;
    return ret;
  }

  /** @internal CPython's `_done_callback`. */
  _childDone(fut: Future<unknown>): void {
    this._nfinished++;
    if (!this._armed || this.done()) {
      if (!fut.cancelled()) fut.exception(); // Mark exception retrieved.
      return;
    }
    if (!this._returnExceptions) {
      if (fut.cancelled()) {
        // Check cancelled() first: exception() would *raise* the CancelledError. The outer
        // Future gets it as its exception: it is not cancelled itself.
        this.setException(makeCancelledError(fut));
        return;
      }
      const exc = fut.exception();
      if (exc !== undefined) {
        this.setException(exc);
        return;
      }
    }
    if (this._nfinished === this._nfuts) {
      // All futures are done: the results, in the order of the arguments.
      const children = this._children;
      const n = children.length;
      const results = new Array<unknown>(n);
      let last = fut;
      for (let i = 0; i < n; i++) {
        const child = children[i] as Future<unknown>;
        last = child;
        if (child.cancelled()) {
          const msg = (child as unknown as CancellableFields)._cancelMessage;
          results[i] = new CancelledError(msg ?? "");
        } else {
          const exc = child.exception();
          results[i] = exc === undefined ? child.result() : exc;
        }
      }
      if (this._cancelRequested) {
        // gather() itself was cancelled: propagate the cancellation regardless of
        // returnExceptions (bpo-32684).
        this.setException(makeCancelledError(last));
      } else this.setResult(results as T);
    }
  }

  /** @internal */
  override _kind(): string {
    return "_GatheringFuture";
  }
}

const SMALL = 16;

// Whether `fut` (a Future of ours) has `fn` among its done callbacks.
function hasCallback(fut: Future<unknown>, fn: unknown): boolean {
  if (fut._cb0 === fn) return true;
  const cbs = fut._x?.cbs ?? null;
  if (cbs !== null) for (let k = 0; k < cbs.length; k += 2) if (cbs[k] === fn) return true;
  return false;
}

// Whether an array has the same element twice (a short one: quadratic).
function hasRepeat(list: unknown[]): boolean {
  for (let i = 1; i < list.length; i++) {
    const x = list[i];
    for (let j = 0; j < i; j++) if (list[j] === x) return true;
  }
  return false;
}

/**
 * @internal The common body of gather() and gatherAll(). `owned`: `aws` is an array of
 * gather()'s own (its rest arguments), which may become the children array itself.
 */
export function gatherIterable(
  aws: Iterable<unknown>,
  returnExceptions: boolean,
  what: string,
  owned = false,
): Future<unknown[]> {
  // The same awaitable twice runs once. Small gathers (the common case) find repeats by a
  // scan of the arguments seen so far (in the array itself, when given one); a Map is made
  // only past SMALL of them. A short array of gather()'s own with no repeat (the usual
  // `gather(a, b, c)`) is turned into the children array in place: no array per gather.
  const list = Array.isArray(aws) ? (aws as unknown[]) : null;
  const inPlace = owned && list !== null && list.length <= SMALL && !hasRepeat(list);
  const children: Future<unknown>[] = inPlace
    ? (list as Future<unknown>[])
    : list !== null
      ? new Array<Future<unknown>>(list.length)
      : [];
  const seen: unknown[] | null = list === null ? [] : null;
  let argToFut: Map<unknown, Future<unknown>> | null = null;
  let outer: GatheringFuture<unknown[]> | null = null;
  let doneFuts: Future<unknown>[] | null = null;
  let loop: AbstractEventLoop | undefined;
  let i = 0;
  for (const arg of aws) {
    let fut: Future<unknown> | undefined;
    // A pending Future of ours is a repeat exactly if it already carries this gather's
    // callback: no lookup structure for the common large fan-out (a list of Tasks).
    const pendingOurs =
      !inPlace &&
      outer !== null &&
      arg instanceof Future &&
      !arg.done() &&
      arg.addDoneCallback === futureAddDoneCallback;
    if (pendingOurs) {
      if (hasCallback(arg, outer)) fut = arg;
    } else if (!inPlace) {
      if (argToFut === null && i >= SMALL) {
        argToFut = new Map();
        for (let k = 0; k < i; k++)
          argToFut.set(
            list !== null ? list[k] : (seen as unknown[])[k],
            children[k] as Future<unknown>,
          );
      }
      if (argToFut !== null) fut = argToFut.get(arg);
      else {
        const j = list !== null ? list.indexOf(arg) : (seen as unknown[]).indexOf(arg);
        if (j >= 0 && j < i) fut = children[j];
      }
    }
    if (fut === undefined) {
      fut = wrap(arg, loop, what);
      if (outer === null) {
        loop = fut.getLoop();
        outer = new GatheringFuture<unknown[]>(children, returnExceptions, loop);
      }
      outer._nfuts++;
      if (fut.done()) (doneFuts ??= []).push(fut);
      // The gather itself is the callback of a Future of ours; a Future whose
      // addDoneCallback is overridden gets a function, called as CPython calls it.
      else addReceiver(fut, outer);
    }
    children[i] = fut;
    if (argToFut !== null && !pendingOurs) argToFut.set(arg, fut);
    if (seen !== null) seen.push(arg);
    i++;
  }
  if (outer === null) {
    const l = _getEventLoop(what);
    const empty = l.createFuture<unknown[]>();
    empty.setResult([]);
    return empty;
  }
  if (children.length !== i) children.length = i; // (a store to length is a runtime call)
  outer._flags |= ARMED;
  // Account for the children that were done already (e.g. eager tasks): if all of them
  // were, the gather completes here, before it is returned.
  if (doneFuts !== null) for (const f of doneFuts) outer._childDone(f);
  return outer;
}

function wrap(arg: unknown, loop: AbstractEventLoop | undefined, what: string): Future<unknown> {
  // The common case first: a coroutine, once the loop is known (ensureFuture(coro, { loop })
  // is loop.createTask(coro)).
  if (loop !== undefined && isCoroutine(arg)) return loop.createTask(arg);
  if (!isFuture(arg) && !isCoroutine(arg) && !isThenable(arg)) {
    if (typeof arg === "function")
      throw new TypeError(
        `${what} expected awaitables (Futures, Tasks, coroutines or Promises), got ${describeValue(arg)}; call it and pass what it returns`,
      );
    throw new TypeError(
      `An asyncio.Future, a coroutine or an awaitable is required: ${what} got ${describeValue(arg)}`,
    );
  }
  return ensureFuture(arg, loop === undefined ? undefined : { loop });
}

// A trailing plain object that is not an awaitable is the options (API.md §11).
function isOptionsBag(x: unknown): x is GatherOptions {
  if (typeof x !== "object" || x === null) return false;
  // The prototype first: it rules out every coroutine, Task and Promise at once (this
  // runs on the last argument of every gather() call).
  const proto = Object.getPrototypeOf(x) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return !isFuture(x) && !isCoroutine(x) && !isThenable(x);
}

/** @internal Reads `{ returnExceptions }`, refusing unknown keys (likely typos). */
export function readGatherOptions(options: object | undefined, what: string): boolean {
  if (options === undefined) return false;
  for (const key of Object.keys(options))
    if (key !== "returnExceptions")
      throw new TypeError(
        `${what} got an unknown option "${key}"; the only option is { returnExceptions: boolean }`,
      );
  return Boolean((options as GatherOptions).returnExceptions);
}

/**
 * Runs awaitables concurrently and returns a Future of all their results, in argument
 * order: `const [a, b] = yield* gather(taskA, coroB())`.
 *
 * @remarks
 * Python's `asyncio.gather()`, with CPython 3.13's semantics:
 * - coroutines are wrapped in Tasks (Promises in Futures) at once; the same awaitable
 *   given twice runs once, and its result appears twice;
 * - without `returnExceptions`, the first error (a `CancelledError` for a child that was
 *   cancelled on its own) is raised at once, and the other children keep running;
 * - with `{ returnExceptions: true }` as the last argument, errors are put in the
 *   results;
 * - cancelling the returned Future cancels every child that is not done, and the gather
 *   then raises `CancelledError` even with `returnExceptions`;
 * - `gather()` with no awaitable resolves to `[]`.
 *
 * A JavaScript call takes at most about 125,000 arguments (V8 overflows its stack past
 * that): for large fan-outs use {@link gatherAll}, which takes an iterable.
 * @param aws - the awaitables, optionally followed by `{ returnExceptions }`
 * @returns a Future of the tuple of results
 * @throws TypeError if an argument is not awaitable, or an option is unknown
 * @throws RangeError if the Futures belong to different loops
 * @example
 * ```ts
 * import { run, gather, createTask, sleep } from "tsasyncio";
 * function* double(x: number) {
 *   yield* sleep(0.01);
 *   return 2 * x;
 * }
 * await run(function* () {
 *   const task = createTask(double(1));
 *   const [a, b] = yield* gather(task, double(2)); // a: number, b: number
 *   console.log(a, b); // prints: 2 4
 * }());
 * ```
 * @category Gathering
 */
export function gather<A extends Awaitable<unknown>[]>(...aws: A): Future<GatherResults<A>>;
/**
 * `gather(...aws, { returnExceptions: true })`: errors are put in the results.
 * @param args - the awaitables, then `{ returnExceptions: true }`
 */
export function gather<A extends Awaitable<unknown>[]>(
  ...args: [...aws: A, options: { returnExceptions: true }]
): Future<GatherResultsOrErrors<A>>;
/**
 * `gather(...aws, { returnExceptions: false })`.
 * @param args - the awaitables, then `{ returnExceptions: false }`
 */
export function gather<A extends Awaitable<unknown>[]>(
  ...args: [...aws: A, options: { returnExceptions?: false }]
): Future<GatherResults<A>>;
/**
 * `gather(...aws, options)` where `returnExceptions` is only known at run time.
 * @param args - the awaitables, then the options
 */
export function gather<A extends Awaitable<unknown>[]>(
  ...args: [...aws: A, options: GatherOptions]
): Future<GatherResultsOrErrors<A>>;
export function gather(...args: unknown[]): Future<unknown[]> {
  let aws = args;
  let returnExceptions = false;
  const n = args.length;
  if (n > 0 && isOptionsBag(args[n - 1])) {
    returnExceptions = readGatherOptions(args[n - 1] as object, "gather()");
    aws = args.slice(0, n - 1);
  }
  return gatherIterable(aws, returnExceptions, "gather()", true);
}

/**
 * {@link gather} over an iterable: `gatherAll(tasks)` is `gather(...tasks)` without the
 * spread, so it works for any number of awaitables.
 *
 * @remarks
 * Spreading a large array into a call (`gather(...tasks)`) overflows V8's stack past
 * about 125,000 arguments (`RangeError: Maximum call stack size exceeded`); `gatherAll`
 * takes any iterable (an array, a Set, a generator of tasks) and has the semantics of
 * Python's `asyncio.gather(*aws)` in every other respect.
 * @param aws - an iterable of awaitables
 * @param options - `{ returnExceptions }`
 * @returns a Future of the array of results, in iteration order
 * @throws TypeError if `aws` is not an iterable of awaitables
 * @example
 * ```ts
 * import { run, gatherAll, sleep } from "tsasyncio";
 * await run(function* () {
 *   const results = yield* gatherAll(Array.from({ length: 200_000 }, (_, i) => sleep(0.01, i)));
 *   console.log(results.length, results[199_999]); // prints: 200000 199999
 * }());
 * ```
 * @category Gathering
 */
export function gatherAll<A extends Awaitable<unknown>>(
  aws: Iterable<A>,
  options?: { returnExceptions?: false },
): Future<AwaitedResult<A>[]>;
/**
 * `gatherAll(aws, { returnExceptions: true })`: errors are put in the results.
 * @param aws - an iterable of awaitables
 * @param options - `{ returnExceptions: true }`
 */
export function gatherAll<A extends Awaitable<unknown>>(
  aws: Iterable<A>,
  options: GatherOptions,
): Future<(AwaitedResult<A> | Error)[]>;
export function gatherAll(aws: Iterable<unknown>, options?: GatherOptions): Future<unknown[]> {
  if (
    aws === null ||
    typeof aws !== "object" ||
    isFuture(aws) ||
    isCoroutine(aws) ||
    isThenable(aws) ||
    typeof (aws as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function"
  )
    throw new TypeError(
      `gatherAll() expected an iterable of awaitables (e.g. an array of tasks), got ${describeValue(aws)}; to await a single awaitable, use gather(x) or yield* x`,
    );
  if (options !== undefined && (typeof options !== "object" || options === null))
    throw new TypeError(
      `gatherAll() options must be an object like { returnExceptions: true }, got ${describeValue(options)}`,
    );
  return gatherIterable(aws, readGatherOptions(options, "gatherAll()"), "gatherAll()");
}
