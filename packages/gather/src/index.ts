/**
 * The combinators of tsasyncio: `gather`, `wait`, `waitFor`, `shield`, `asCompleted`,
 * the `timeout()` context managers and `TaskGroup` (structured concurrency).
 *
 * @packageDocumentation
 * @module @tsasyncio/gather
 */
export type {
  Awaitable,
  AwaitedResult,
  GatherResults,
  GatherResultsOrErrors,
  FutureOf,
  Finished,
} from "./awaitable.js";
export { gather, gatherAll, type GatherOptions } from "./gather.js";
export {
  wait,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  ALL_COMPLETED,
  type ReturnWhen,
  type WaitOptions,
} from "./wait.js";
export { waitFor } from "./wait-for.js";
export { shield } from "./shield.js";
export {
  asCompleted,
  AsCompletedIterator,
  type AsCompletedOptions,
  type AwaitableCoroutine,
} from "./as-completed.js";
export { Timeout, timeout, timeoutAt } from "./timeout.js";
export { TaskGroup } from "./task-group.js";
// API.md §5 lists asyncWith with the combinators: TaskGroup and Timeout are entered with it.
export { asyncWith, type AsyncContextManager, type AsyncWithResult } from "@tsasyncio/tasks";
