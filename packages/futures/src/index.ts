/**
 * The bottom layer of tsasyncio: `Future`, the asyncio error classes, context variables,
 * the abstract loop interface and the realm's running-loop slot.
 *
 * @packageDocumentation
 * @module @tsasyncio/futures
 */
export {
  CancelledError,
  InvalidStateError,
  TimeoutError,
  RuntimeError,
  LookupError,
  KeyboardInterrupt,
} from "./errors.js";
export { BrokenBarrierError } from "./barrier-error.js";
export { QueueEmpty, QueueFull, QueueShutDown } from "./queue-errors.js";
export { IncompleteReadError, LimitOverrunError } from "./stream-errors.js";
export { ExceptionGroup, type ExceptionMatcher } from "./exception-group.js";
export {
  Future,
  isFuture,
  type DoneCallback,
  type AddDoneCallbackOptions,
  type FutureOptions,
} from "./future.js";
export { Context, copyContext } from "./context.js";
export { ContextVar, Token, type ContextVarOptions } from "./context-var.js";
export {
  getRunningLoop,
  type AbstractEventLoop,
  type ExceptionContext,
  type Cancellable,
} from "./loop-interface.js";
