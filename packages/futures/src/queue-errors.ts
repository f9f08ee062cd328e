// Port of asyncio.QueueEmpty, QueueFull and QueueShutDown (Lib/asyncio/queues.py).

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
