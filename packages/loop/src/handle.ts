// Port of the Handle and TimerHandle classes of Lib/asyncio/events.py (3.13).
import { Context, RuntimeError, type Future } from "@tsasyncio/futures";
import {
  currentData,
  EMPTY_DATA,
  enterOwner,
  exitOwner,
  inspectCustom,
  ownerContext,
  pyRepr,
  SELF_CONTEXT,
  type ContextOwner,
  type Data,
  type WakeupReceiver,
} from "@tsasyncio/futures/internal";
import type { EventLoop } from "./event-loop.js";

/** @internal The arguments of a callback scheduled without any (shared, never mutated). */
export const NO_ARGS: readonly unknown[] = [];
// Debug mode only: where a Handle was made, and its repr frozen when it was cancelled. Kept
// beside the Handles rather than in a field: every timer pays for each field, and 200k
// timers is a benchmark.
interface DebugInfo {
  sourceTraceback?: string | undefined;
  repr?: string;
}
let debugInfo: WeakMap<Handle, DebugInfo> | undefined;
function debugOf(h: Handle): DebugInfo {
  debugInfo ??= new WeakMap();
  let d = debugInfo.get(h);
  if (d === undefined) debugInfo.set(h, (d = {}));
  return d;
}

// Handle._flags
const CANCELLED = 1;
const SCHEDULED = 2;
const ONE_ARG = 4;

/**
 * A callback scheduled with `callSoon`: what `loop.callSoon()` returns, to cancel it.
 *
 * @remarks Python's `asyncio.Handle`.
 * @example
 * ```ts
 * import { newEventLoop } from "tsasyncio";
 * const loop = newEventLoop();
 * const h = loop.callSoon(() => console.log("never"));
 * h.cancel();
 * console.log(h.cancelled(), String(h)); // prints: true <Handle cancelled>
 * loop.close();
 * ```
 * @category Loop
 */
export class Handle {
  /** @internal */ _callback: ((...args: never[]) => unknown) | null;
  /** @internal The arguments, or the single argument when `ONE_ARG` is set. */
  _args: unknown;
  // The context: a Context, or a snapshot of the variables current at scheduling time (a
  // Map; the same semantics as a copy). A Handle is a ContextOwner (@tsasyncio/futures
  // /internal): it gets a Context object only when one is needed (getContext(), or the
  // callback sets a ContextVar), so most callbacks run without making one.
  /** @internal */ _context: Context | Data;
  /** @internal */ _loop: EventLoop;
  /** @internal Bits: cancelled, scheduled (in the timer heap), one argument. */
  _flags = 0;

  /**
   * @internal Handles are made by the loop's `callSoon`/`callLater`/`callAt`.
   * `args === null` means the single argument `arg` (the allocation-free internal path).
   */
  constructor(
    callback: (...args: never[]) => unknown,
    args: readonly unknown[] | null,
    arg: unknown,
    loop: EventLoop,
    context: Context | Data | null,
  ) {
    this._callback = callback;
    if (args === null) {
      this._args = arg;
      this._flags = ONE_ARG;
    } else this._args = args.length === 0 ? NO_ARGS : args;
    this._loop = loop;
    // A Context, or a snapshot of variables (a Map) taken by the caller, or null: a
    // snapshot taken now.
    this._context = context ?? currentData();
  }

  /** @internal Whether `cancel()` was called (CPython's `_cancelled`). */
  get _cancelled(): boolean {
    return (this._flags & CANCELLED) !== 0;
  }

  /** @internal The single argument of an internal callback, or `undefined`. */
  get _arg(): unknown {
    return (this._flags & ONE_ARG) !== 0 ? this._args : undefined;
  }

  /** @internal Debug mode: where the Handle was made. */
  get _sourceTraceback(): string | undefined {
    return debugInfo?.get(this)?.sourceTraceback;
  }
  /** @internal */
  set _sourceTraceback(value: string | undefined) {
    debugOf(this).sourceTraceback = value;
  }

  /** The context the callback runs in. */
  getContext(): Context {
    return ownerContext(this);
  }

  /** Cancels the callback: it will not run. Cancelling twice is harmless. */
  cancel(): void {
    if ((this._flags & CANCELLED) === 0) {
      this._flags |= CANCELLED;
      if (this._loop.getDebug()) debugOf(this).repr = this.toString();
      this._flags &= ~ONE_ARG;
      this._callback = null;
      this._args = null;
    }
  }

  /** Whether the callback was cancelled. */
  cancelled(): boolean {
    return (this._flags & CANCELLED) !== 0;
  }

  /**
   * @internal Runs the callback in its context; an error goes to the exception handler,
   * called after the context was left (as CPython's `Handle._run`). A context that cannot
   * be entered (it is already entered) is such an error too, never a crash of the loop.
   */
  _run(): void {
    try {
      const prev = enterOwner(this);
      try {
        const cb = this._callback as (...args: unknown[]) => unknown;
        if ((this._flags & ONE_ARG) !== 0) cb(this._args);
        else {
          const args = this._args as unknown[];
          if (args.length === 0) cb();
          else cb(...args);
        }
      } finally {
        exitOwner(this, prev);
      }
    } catch (exc) {
      this._report(exc);
    }
  }

  /** @internal Reports an error of the callback to the loop's exception handler. */
  _report(exc: unknown): void {
    const context: { message: string; [k: string]: unknown } = {
      message: `Exception in callback ${this._callbackRepr()}`,
      exception: exc,
      handle: this,
    };
    if (this._sourceTraceback !== undefined) context["sourceTraceback"] = this._sourceTraceback;
    this._loop.callExceptionHandler(context);
  }

  /** @internal */
  _callbackRepr(): string {
    const cb = this._callback;
    if (cb === null) return "";
    const args =
      (this._flags & ONE_ARG) === 0
        ? (this._args as readonly unknown[])
        : this._args === undefined
          ? NO_ARGS
          : [this._args];
    return `${cb.name || "<anonymous>"}(${args.map(safeRepr).join(", ")})`;
  }

  /** @internal */
  _reprInfo(): string[] {
    const info = [this._kind()];
    if (this._cancelled) info.push("cancelled");
    if (this._callback !== null) info.push(this._callbackRepr());
    if (this._sourceTraceback !== undefined) {
      const site = creationSite(this._sourceTraceback);
      if (site !== undefined) info.push(`created at ${site}`);
    }
    return info;
  }

  /** @internal */
  _kind(): string {
    return "Handle";
  }

  /** CPython's repr: `<Handle cb(1, 2)>`, `<Handle cancelled>`. */
  toString(): string {
    const frozen = debugInfo?.get(this)?.repr;
    if (frozen !== undefined) return frozen;
    return `<${this._reprInfo().join(" ")}>`;
  }

  /** @internal */
  [inspectCustom](): string {
    return this.toString();
  }
}

// The callback a woken receiver shows as, in a Handle made for it (debug mode, or the
// report of an error): `wakeup(<Task …>, <Future …>)`, or `wakeup(<Task …>)` for a step.
function wakeup(receiver: WakeupReceiver, future?: Future<unknown>): void {
  receiver._wakeup(future);
}

/**
 * @internal What a Handle calls back: the receiver it wakes (a Task, a gather), or else its
 * single argument (for slow-callback reports, which name the Task of a step).
 */
export function handleTarget(h: Handle): unknown {
  return h._callback === wakeup ? (h._args as readonly unknown[])[0] : h._arg;
}

/** @internal A Handle that wakes `receiver` with `future` (debug mode's per-call Handle). */
export function receiverHandle(loop: EventLoop, receiver: WakeupReceiver, future: unknown): Handle {
  const args = future === undefined ? [receiver] : [receiver, future];
  return new Handle(wakeup, args, undefined, loop, SELF_CONTEXT);
}

/**
 * @internal Wakes a receiver of the ready queue (a Task, a gather): it enters its own
 * context. Only if it throws is a Handle made, for the exception handler's report.
 */
export function runReceiver(loop: EventLoop, receiver: WakeupReceiver, future: unknown): void {
  try {
    receiver._wakeup(future as Future<unknown> | undefined);
  } catch (exc) {
    receiverHandle(loop, receiver, future)._report(exc);
  }
}

/**
 * @internal Runs an internal call of the ready queue, `fn(arg)` in `ctx`, as a Handle
 * would run it; only if it throws is a Handle made, for the exception handler's report.
 */
export function runCall(
  loop: EventLoop,
  fn: (arg: never) => unknown,
  arg: unknown,
  ctx: Context | Data,
): void {
  if (ctx === SELF_CONTEXT) {
    // A Task step: it enters the Task's context itself.
    try {
      fn(arg as never);
    } catch (exc) {
      new Handle(fn, null, arg, loop, null)._report(exc);
    }
    return;
  }
  // A reusable owner carries the context (enterOwner enters a Context as it is); with a
  // snapshot, a Context object is made only if the callback sets a variable. Nothing holds
  // the owner once the call returns, so it is reused (a nested call makes its own).
  const owner = spareOwner ?? { _context: ctx };
  spareOwner = null;
  owner._context = ctx;
  try {
    const prev = enterOwner(owner);
    try {
      fn(arg as never);
    } finally {
      exitOwner(owner, prev);
    }
  } catch (exc) {
    new Handle(fn, null, arg, loop, owner._context)._report(exc);
  }
  owner._context = EMPTY_DATA;
  spareOwner = owner;
}

// Made at load and its `_context` stored twice, so that V8 sees that field as one that
// changes from the start, not from the first callback with a context (which may come at a
// program's end, and would throw away the optimized code that had read owners).
let spareOwner: ContextOwner | null = { _context: EMPTY_DATA };
spareOwner._context = EMPTY_DATA;

/**
 * A callback scheduled for a time: what `callLater`/`callAt` return.
 *
 * @remarks Python's `asyncio.TimerHandle`; `when()` is the deadline on the loop's clock.
 * @example
 * ```ts
 * import { VirtualTimeLoop } from "tsasyncio";
 * const loop = new VirtualTimeLoop();
 * const h = loop.callLater(5, () => undefined);
 * console.log(h.when()); // prints: 5
 * loop.close();
 * ```
 * @category Loop
 */
export class TimerHandle extends Handle {
  /** @internal */ _when: number;
  /** @internal */ _seq: number;

  /** @internal Whether the timer is in the loop's heap. */
  get _scheduled(): boolean {
    return (this._flags & SCHEDULED) !== 0;
  }
  /** @internal */
  set _scheduled(value: boolean) {
    this._flags = value ? this._flags | SCHEDULED : this._flags & ~SCHEDULED;
  }

  /** @internal Made by `callLater`/`callAt`. */
  constructor(
    when: number,
    seq: number,
    callback: (...args: never[]) => unknown,
    args: readonly unknown[] | null,
    loop: EventLoop,
    context: Context | null,
  ) {
    super(callback, args, undefined, loop, context);
    this._when = when;
    this._seq = seq;
  }

  /** The absolute time, on the loop's clock (`loop.time()`), when the callback is due. */
  when(): number {
    return this._when;
  }

  /** Cancels the timer; the loop drops it lazily. */
  override cancel(): void {
    if (!this._cancelled) this._loop._timerHandleCancelled(this);
    super.cancel();
  }

  /** @internal */
  override _reprInfo(): string[] {
    const info = super._reprInfo();
    info.splice(this._cancelled ? 2 : 1, 0, `when=${this._when}`);
    return info;
  }

  /** @internal */
  override _kind(): string {
    return "TimerHandle";
  }
}

// An argument's repr; one whose toString() throws must not break a report about the
// callback (or the loop): `<Name instance>`, as Python's reprlib does.
function safeRepr(value: unknown): string {
  try {
    return pyRepr(value, true);
  } catch {
    let name = "object";
    try {
      name = (value as { constructor?: { name?: string } }).constructor?.name ?? name;
    } catch {
      /* keep "object" */
    }
    return `<${name} instance>`;
  }
}

// The file:line:column of the first frame of a recorded stack: "at fn (file:1:2)", or
// "at file:1:2" when the calling function is anonymous.
function creationSite(stack: string): string | undefined {
  const line = stack.split("\n").find((l) => l.trim().startsWith("at "));
  if (line === undefined) return undefined;
  const m = /\(([^)]+)\)\s*$/.exec(line) ?? /^at (.+)$/.exec(line.trim());
  return m?.[1];
}

/** @internal */
export function checkCallback(callback: unknown, method: string): void {
  if (typeof callback !== "function")
    throw new TypeError(
      `a callable object was expected by ${method}(), got ${pyRepr(callback, true)}`,
    );
  // Fast path: a plain function or arrow function (its prototype is Function.prototype);
  // generator and async functions have prototypes of their own.
  if (Object.getPrototypeOf(callback) === Function.prototype) return;
  const tag = Object.prototype.toString.call(callback);
  if (
    tag === "[object GeneratorFunction]" ||
    tag === "[object AsyncFunction]" ||
    tag === "[object AsyncGeneratorFunction]"
  )
    throw new TypeError(
      `coroutines cannot be used with ${method}(): schedule a coroutine with createTask(fn()) instead`,
    );
}

/** @internal */
export function checkClosed(loop: { isClosed(): boolean }): void {
  if (loop.isClosed()) throw new RuntimeError("Event loop is closed");
}
