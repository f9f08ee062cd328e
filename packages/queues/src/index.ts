/**
 * @packageDocumentation
 * @module @tsasyncio/queues
 */
export {};
