/**
 * @packageDocumentation
 * @module @tsasyncio/sync
 */
export {};
