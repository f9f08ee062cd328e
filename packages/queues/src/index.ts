/**
 * Queues for producer and consumer Tasks: `Queue`, `PriorityQueue` and `LifoQueue`
 * (Python's `asyncio.queues`).
 *
 * @packageDocumentation
 * @module @tsasyncio/queues
 */
export { Queue } from "./queue.js";
export { PriorityQueue } from "./priority-queue.js";
export { LifoQueue } from "./lifo-queue.js";
export { QueueEmpty, QueueFull, QueueShutDown } from "@tsasyncio/futures";
