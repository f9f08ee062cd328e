/**
 * Internals shared by the tsasyncio layers. Not part of the public API: no semver
 * guarantee; do not import from application code.
 *
 * @internal
 * @module @tsasyncio/futures/internal
 */
export { realm, type Realm } from "./realm.js";
export {
  currentContext,
  currentData,
  contextWithData,
  enterContext,
  exitContext,
  enterOwner,
  exitOwner,
  ownerContext,
  ownerData,
  SELF_CONTEXT,
  RECEIVER,
  EMPTY_DATA,
  type ContextOwner,
  type Data,
  type SavedContext,
} from "./context.js";
export {
  _getRunningLoop,
  _setRunningLoop,
  _getSetEventLoop,
  _setEventLoop,
  _getEventLoop,
  type TaskFactoryHook,
} from "./loop-interface.js";
export {
  captureStack,
  _setResultUnlessCancelled,
  futureAddDoneCallback,
  addReceiver,
  loopOption,
  BLOCKING,
  FREE_FLAG,
  HAS_EXCEPTION,
  type WakeupReceiver,
} from "./future.js";
export { pyRepr, errorRepr, callbackRepr, inspectCustom, isThenable } from "./repr.js";
export { Deque } from "./internal/deque.js";
