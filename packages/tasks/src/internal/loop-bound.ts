// Port of Lib/asyncio/mixins.py (3.13): _LoopBoundMixin._get_loop. A lock or queue binds to
// the running loop the first time it needs one (to create a waiter Future), and refuses
// to be used from another loop afterwards.
import { RuntimeError, type AbstractEventLoop } from "@tsasyncio/futures";
import { _getRunningLoop } from "@tsasyncio/futures/internal";

/** What the mixin needs: the `_loop` slot (CPython's `_loop = None` class attribute). */
export interface LoopBound {
  _loop: AbstractEventLoop | null;
}

/** CPython's `_get_loop()`: the running loop, binding `self` to it at first use. */
export function getLoop(self: LoopBound): AbstractEventLoop {
  const loop = _getRunningLoop();
  if (loop === null)
    throw new RuntimeError(
      `no running event loop: ${String(self)} can only wait inside a coroutine (or async function) run by a loop`,
    );
  if (self._loop === null) self._loop = loop;
  if (loop !== self._loop)
    throw new RuntimeError(
      `${String(self)} is bound to a different event loop: create it in the loop that uses it`,
    );
  return loop;
}
