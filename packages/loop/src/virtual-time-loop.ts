// A loop whose clock is virtual: it starts at 0 and jumps to the next timer whenever
// nothing is ready, so time-based code runs at once (Trio's MockClock with autojump,
// asyncio's test_utils.TestLoop). Outstanding host work (a wrapped Promise, an executor
// job) is waited for before the clock jumps (ARCHITECTURE.md, "Knowing that nothing can
// happen any more").
import { scheduleMacrotask } from "#host";
import { EventLoop } from "./event-loop.js";

/** Options of {@link VirtualTimeLoop}. */
export interface VirtualTimeLoopOptions {
  /**
   * While host work that the loop knows of is outstanding, jump anyway after this many
   * real seconds of idleness (Trio's `autojump_threshold`). Default: never, wait for it.
   */
  autojumpThreshold?: number | null;
}

/**
 * An event loop with virtual time, for tests and simulations: `sleep(3600)` finishes at
 * once and `loop.time()` then reads 3600.
 *
 * @remarks
 * Same API and same ordering as {@link EventLoop}; only the clock differs. Time starts at
 * 0 and jumps straight to the next deadline whenever no callback is ready, after letting
 * the host run its pending promise jobs. Host work the loop started itself
 * (`ensureFuture(promise)`, `abortable`, executor jobs) is waited for before time jumps.
 * Pass it to `run()` with `loopFactory`.
 * @example
 * ```ts
 * import { run, sleep, getRunningLoop, VirtualTimeLoop } from "tsasyncio";
 * const t = await run(function* () {
 *   yield* sleep(3600);
 *   return getRunningLoop().time();
 * }(), { loopFactory: () => new VirtualTimeLoop() });
 * console.log(t); // prints: 3600
 * ```
 * @category Loop
 */
export class VirtualTimeLoop extends EventLoop {
  #now = 0;
  #jumpScheduled = false;
  readonly #autojump: number | null;

  /**
   * @param options - `{ autojumpThreshold }`
   * @throws RangeError if `autojumpThreshold` is not a number >= 0 (or null)
   */
  constructor(options?: VirtualTimeLoopOptions) {
    super();
    const threshold = options?.autojumpThreshold ?? null;
    if (threshold !== null && !(typeof threshold === "number" && threshold >= 0))
      throw new RangeError(
        `autojumpThreshold must be a number of seconds >= 0 or null, got ${String(threshold)}`,
      );
    this.#autojump = threshold;
  }

  /** The virtual clock, in seconds; starts at 0. */
  override time(): number {
    return this.#now;
  }

  /**
   * Moves the clock forward by `seconds` (never backwards); due timers run at the next
   * iteration.
   */
  advance(seconds: number): void {
    if (!(seconds >= 0)) throw new RangeError(`advance() expected seconds >= 0, got ${seconds}`);
    this.#now += seconds;
    this._wake();
  }

  /**
   * @internal Instead of a host timer, jump once the host has run its pending jobs; while
   * host work is outstanding, wait for it (`_endHostWork()` wakes the loop), or with
   * `autojumpThreshold`, jump after that many real seconds of idleness.
   */
  override _onIdle(_when: number, _delay: number): void {
    if (this._hostWork > 0) {
      if (this.#autojump !== null) this._armHostTimerMs(this.#autojump * 1000, this.#forceJump);
      return;
    }
    if (this.#jumpScheduled) return;
    this.#jumpScheduled = true;
    scheduleMacrotask(this.#jump);
  }

  #jump = (): void => {
    this.#jumpScheduled = false;
    this.#jumpNow(false);
  };

  #forceJump = (): void => {
    this.#jumpNow(true);
  };

  #jumpNow(force: boolean): void {
    if (!this._running || this._ready.length > 0) {
      this._wake();
      return;
    }
    if (this._hostWork > 0 && !force) {
      // Host work began after the jump was scheduled: wait for it after all.
      this._onIdle(this.#now, 0);
      return;
    }
    const next = this._nextDeadline();
    // A timer at an infinite deadline never fires: there is nothing to jump to.
    if (next === undefined || !Number.isFinite(next)) return;
    if (next > this.#now) this.#now = next;
    this._wake();
  }

  /** @internal */
  override _kind(): string {
    return "VirtualTimeLoop";
  }
}
