/**
 * Internals shared by the tsasyncio layers above tasks (sync, queues). Not part of the
 * public API: no semver guarantee; do not import from application code.
 *
 * @internal
 * @module @tsasyncio/tasks/internal
 */
export { DONE_UNDEFINED, Operation, nameOperation, makeThenable } from "./internal/operation.js";
export { getLoop, type LoopBound } from "./internal/loop-bound.js";
