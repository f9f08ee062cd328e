/**
 * Synchronisation primitives for Tasks: `Lock`, `Event`, `Condition`, `Semaphore`,
 * `BoundedSemaphore` and `Barrier` (Python's `asyncio.locks`).
 *
 * @packageDocumentation
 * @module @tsasyncio/sync
 */
export { Lock } from "./lock.js";
export { Event } from "./event.js";
export { Condition } from "./condition.js";
export { Semaphore, BoundedSemaphore } from "./semaphore.js";
export { Barrier } from "./barrier.js";
export type { Acquired } from "./acquired.js";
export { BrokenBarrierError } from "@tsasyncio/futures";
