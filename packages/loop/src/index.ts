/**
 * The event loop of tsasyncio: `EventLoop` on top of the host loop (Node or a browser),
 * `Handle`/`TimerHandle`, `VirtualTimeLoop`, and `getEventLoop`/`newEventLoop`/`setEventLoop`.
 *
 * @packageDocumentation
 * @module @tsasyncio/loop
 */
export {
  EventLoop,
  type ExceptionHandler,
  type TaskFactory,
  type TaskOptions,
  type Executor,
} from "./event-loop.js";
export { Handle, TimerHandle } from "./handle.js";
export { VirtualTimeLoop, type VirtualTimeLoopOptions } from "./virtual-time-loop.js";
export { getEventLoop, setEventLoop, newEventLoop } from "./events.js";
export { getRunningLoop } from "@tsasyncio/futures";
