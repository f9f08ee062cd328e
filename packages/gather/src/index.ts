/**
 * @packageDocumentation
 * @module @tsasyncio/gather
 */
export {};
