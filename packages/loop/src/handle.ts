// Port of the Handle and TimerHandle classes of Lib/asyncio/events.py (3.13).
import { Context, RuntimeError } from "@tsasyncio/futures";
import {
  contextWithData,
  currentData,
  enterContext,
  exitContext,
  inspectCustom,
  pyRepr,
  SELF_CONTEXT,
  type Data,
} from "@tsasyncio/futures/internal";
import type { EventLoop } from "./event-loop.js";

const NO_ARGS: readonly unknown[] = [];

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
  /** @internal */ _args: readonly unknown[] | null;
  /** @internal */ _arg: unknown;
  // The context is made lazily from a snapshot of the variables current at scheduling
  // time (the same semantics as a copy): a timer that waits, or is cancelled, holds no
  // Context object of its own.
  /** @internal */ _context: Context | null;
  /** @internal */ _data: Data | null;
  /** @internal */ _loop: EventLoop;
  /** @internal */ _cancelled = false;
  /** @internal */ _repr: string | null = null;
  /** @internal */ _sourceTraceback: string | undefined = undefined;

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
    this._args = args;
    this._arg = arg;
    this._loop = loop;
    // A Context, or a snapshot of variables (a Map) taken by the caller, or null: a
    // snapshot taken now.
    if (context === null) {
      this._context = null;
      this._data = currentData();
    } else if (context instanceof Context) {
      this._context = context;
      this._data = null;
    } else {
      this._context = null;
      this._data = context;
    }
  }

  /** The context the callback runs in. */
  getContext(): Context {
    return (this._context ??= contextWithData(this._data as Data));
  }

  /** Cancels the callback: it will not run. Cancelling twice is harmless. */
  cancel(): void {
    if (!this._cancelled) {
      this._cancelled = true;
      if (this._loop.getDebug()) this._repr = this.toString();
      this._callback = null;
      this._args = null;
      this._arg = undefined;
    }
  }

  /** Whether the callback was cancelled. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /**
   * @internal Runs the callback in its context; an error goes to the exception handler,
   * called after the context was left (as CPython's `Handle._run`). A context that cannot
   * be entered (it is already entered) is such an error too, never a crash of the loop.
   */
  _run(): void {
    const ctx = this._context ?? (this._context = contextWithData(this._data as Data));
    try {
      const prev = enterContext(ctx);
      try {
        const cb = this._callback as (...args: unknown[]) => unknown;
        if (this._args === null) cb(this._arg);
        else cb(...this._args);
      } finally {
        exitContext(ctx, prev);
      }
    } catch (exc) {
      this._report(exc);
    }
  }

  /** @internal Reports an error of the callback to the loop's exception handler. */
  _report(exc: unknown): void {
    const context: { message: string; [k: string]: unknown } = {
      message: `Exception in callback ${this.#callbackRepr()}`,
      exception: exc,
      handle: this,
    };
    if (this._sourceTraceback !== undefined) context["sourceTraceback"] = this._sourceTraceback;
    this._loop.callExceptionHandler(context);
  }

  #callbackRepr(): string {
    const cb = this._callback;
    if (cb === null) return "";
    const args = this._args ?? (this._arg === undefined ? NO_ARGS : [this._arg]);
    return `${cb.name || "<anonymous>"}(${args.map(safeRepr).join(", ")})`;
  }

  /** @internal */
  _reprInfo(): string[] {
    const info = [this._kind()];
    if (this._cancelled) info.push("cancelled");
    if (this._callback !== null) info.push(this.#callbackRepr());
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
    if (this._repr !== null) return this._repr;
    return `<${this._reprInfo().join(" ")}>`;
  }

  /** @internal */
  [inspectCustom](): string {
    return this.toString();
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
  const context = ctx instanceof Context ? ctx : contextWithData(ctx);
  try {
    const prev = enterContext(context);
    try {
      fn(arg as never);
    } finally {
      exitContext(context, prev);
    }
  } catch (exc) {
    new Handle(fn, null, arg, loop, context)._report(exc);
  }
}

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
  /** @internal */ _scheduled = false;

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
