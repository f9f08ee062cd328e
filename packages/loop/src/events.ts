// The module-level loop functions of Lib/asyncio/events.py (3.14 semantics: no policies,
// get_event_loop() raises when no loop is set).
import { RuntimeError } from "@tsasyncio/futures";
import { _getRunningLoop, _getSetEventLoop, _setEventLoop } from "@tsasyncio/futures/internal";
import { EventLoop } from "./event-loop.js";

/**
 * The running loop if there is one, else the loop set with {@link setEventLoop}.
 *
 * @remarks Python 3.14's `asyncio.get_event_loop()`: with no loop running and none set it
 * throws `RuntimeError` instead of creating one.
 * @throws {@link RuntimeError} when there is neither
 * @example
 * ```ts
 * import { getEventLoop, newEventLoop, setEventLoop } from "tsasyncio";
 * const loop = newEventLoop();
 * setEventLoop(loop);
 * console.log(getEventLoop() === loop); // prints: true
 * setEventLoop(null);
 * loop.close();
 * ```
 * @category Loop
 */
export function getEventLoop(): EventLoop {
  const loop = _getRunningLoop() ?? _getSetEventLoop();
  if (loop === null)
    throw new RuntimeError(
      "There is no current event loop: call getEventLoop() while a loop runs, or set one with setEventLoop(newEventLoop())",
    );
  return loop as EventLoop;
}

/**
 * Sets the loop {@link getEventLoop} returns when no loop is running; `null` clears it.
 * @example
 * ```ts
 * import { newEventLoop, setEventLoop } from "tsasyncio";
 * setEventLoop(newEventLoop());
 * setEventLoop(null);
 * ```
 * @category Loop
 */
export function setEventLoop(loop: EventLoop | null): void {
  if (loop !== null && !(loop instanceof EventLoop))
    throw new TypeError(`setEventLoop() expected an EventLoop or null, got ${typeof loop}`);
  _setEventLoop(loop);
}

/**
 * A new {@link EventLoop} (not set as the current one).
 * @example
 * ```ts
 * import { newEventLoop } from "tsasyncio";
 * const loop = newEventLoop();
 * console.log(String(loop)); // prints: <EventLoop running=false closed=false debug=false>
 * loop.close();
 * ```
 * @category Loop
 */
export function newEventLoop(): EventLoop {
  return new EventLoop();
}
