// Port of asyncio.IncompleteReadError and LimitOverrunError (Lib/asyncio/exceptions.py).

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
