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
  BrokenBarrierError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  IncompleteReadError,
  LimitOverrunError,
  ExceptionGroup,
  type ExceptionMatcher,
} from "./errors.js";
export {
  Future,
  isFuture,
  type DoneCallback,
  type AddDoneCallbackOptions,
  type FutureOptions,
} from "./future.js";
export { Context, ContextVar, Token, copyContext, type ContextVarOptions } from "./context.js";
export {
  getRunningLoop,
  type AbstractEventLoop,
  type ExceptionContext,
  type Cancellable,
} from "./loop-interface.js";
