/**
 * Internals shared with the layers above (host hooks for `run()`). Not public API.
 *
 * @internal
 * @module @tsasyncio/loop/internal
 */
export { onHostIdle, onInterrupt, reraiseInterrupt } from "#host";
