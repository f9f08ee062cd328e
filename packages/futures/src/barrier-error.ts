// Port of asyncio.BrokenBarrierError (Lib/asyncio/exceptions.py).
import { RuntimeError } from "./errors.js";

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
