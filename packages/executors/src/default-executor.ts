// CPython's BaseEventLoop.run_in_executor makes a ThreadPoolExecutor the first time a
// loop needs a default executor. The loop is a lower layer and cannot import this
// package, so installDefaultExecutor() leaves a factory in the realm that the loop calls.
import { realm } from "@tsasyncio/futures/internal";
import type { EventLoop } from "@tsasyncio/loop";
import { ThreadPoolExecutor } from "./thread-pool-executor.js";

// CPython names the default executor's threads "asyncio_0", "asyncio_1", …
const makeDefault = (): ThreadPoolExecutor =>
  new ThreadPoolExecutor({ threadNamePrefix: "asyncio" });

/**
 * Makes `loop.runInExecutor(null, fn, ...args)` (and {@link toThread}) use a
 * {@link ThreadPoolExecutor}: for one loop now, or for every loop of this realm that needs
 * a default executor, created when it first does.
 *
 * @remarks
 * CPython's loop creates `ThreadPoolExecutor(thread_name_prefix='asyncio')` on first use;
 * the tsasyncio loop cannot (it sits below this package), so this call tells it how.
 * Without `loop`, it installs a factory that every loop calls the first time it needs a
 * default executor (nothing starts until then; `run()` shuts the executor down at the
 * end). With `loop`, it is `loop.setDefaultExecutor(new ThreadPoolExecutor())`.
 * {@link toThread} installs the factory itself when none is set.
 * @param loop - one loop to give a new default executor now (default: all loops, lazily)
 * @example
 * ```ts
 * import { installDefaultExecutor, getEventLoop, run } from "tsasyncio";
 * installDefaultExecutor();
 * const result = await run(function* () {
 *   return yield* getEventLoop().runInExecutor(null, (a: number, b: number) => a * b, 6, 7);
 * }());
 * console.log(result); // prints: 42
 * ```
 * @category Executors
 */
export function installDefaultExecutor(loop?: EventLoop): void {
  if (loop !== undefined && loop !== null) loop.setDefaultExecutor(makeDefault());
  else realm().defaultExecutorFactory = makeDefault;
}

/** @internal Installs the factory unless one (ours or the user's) is there already. */
export function ensureDefaultExecutorFactory(): void {
  const r = realm();
  r.defaultExecutorFactory ??= makeDefault;
}
