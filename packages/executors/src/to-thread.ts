// Port of Lib/asyncio/threads.py (3.9+): asyncio.to_thread, on a worker thread of the
// loop's default executor, with the caller's context variables copied where they can be.
import { copyContext, getRunningLoop } from "@tsasyncio/futures";
import type { EventLoop } from "@tsasyncio/loop";
import { ensureFuture, type Coroutine } from "@tsasyncio/tasks";
import { ensureDefaultExecutorFactory } from "./default-executor.js";
import { contextCall, type WorkerFunctionRef } from "./worker-function.js";

function* toThreadCoro<R>(fn: unknown, args: unknown[]): Coroutine<R> {
  const loop = getRunningLoop() as unknown as EventLoop;
  ensureDefaultExecutorFactory();
  const call = contextCall(fn, copyContext());
  return (yield* loop.runInExecutor(null, call, ...args)) as R;
}

/**
 * Runs `fn(...args)` on a worker thread of the loop's default executor and returns its
 * result: the coroutine form of `loop.runInExecutor(null, fn, ...args)`.
 *
 * @remarks
 * Python's `asyncio.to_thread()`. Like any coroutine it is lazy: nothing is sent until it
 * is awaited (`yield*` in a coroutine, or `await` in an `async` function while a loop
 * runs). What crosses to the worker is what {@link ThreadPoolExecutor} sends: `fn` as
 * source text (so it must be self-contained) or a {@link WorkerFunctionRef}, and the
 * arguments by structured clone. Python keyword arguments have no equivalent: pass an
 * object. Context variables: the worker gets a copy of the caller's context as the global
 * `threadContext`, a `Map` from each variable's *name* to its value (a worker has no
 * access to the caller's `ContextVar` objects, so `ContextVar.get()` there does not see
 * them). Values are structured-cloned: variables whose value cannot be cloned (functions,
 * symbols, …) are left out, class instances arrive as plain objects, and changes made in
 * the worker do not come back (in Python too the thread runs in a copy). Cancelling the
 * awaiting task cancels the job if no worker has started it; a running job finishes
 * unless the default executor was made with `terminateOnCancel`. If the loop has no
 * default executor, a `ThreadPoolExecutor` is made (see {@link installDefaultExecutor}),
 * and `run()` shuts it down at the end.
 * @param fn - a self-contained function, or `{ module, name }`
 * @param args - arguments (structured-cloned)
 * @returns a coroutine (also a thenable) of the function's result
 * @throws {@link RuntimeError} `no running event loop`, when awaited outside a running loop
 * @throws TypeError if `fn` cannot be sent to a worker (see {@link ThreadPoolExecutor.submit})
 * @example
 * ```ts
 * import { run, toThread } from "tsasyncio";
 * const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
 * console.log(await run(function* () {
 *   return yield* toThread(sum, [40, 2]);
 * }())); // prints: 42
 * ```
 * @category Executors
 */
export function toThread<A extends unknown[], R>(
  fn: ((...args: A) => R) | WorkerFunctionRef<(...args: A) => R>,
  ...args: A
): Coroutine<Awaited<R>> & PromiseLike<Awaited<R>> {
  const coro = toThreadCoro<Awaited<R>>(fn, args) as Coroutine<Awaited<R>> &
    PromiseLike<Awaited<R>> & { _coroName: string };
  coro._coroName = "toThread";
  coro.then = (onfulfilled, onrejected) => ensureFuture(coro).then(onfulfilled, onrejected);
  return coro;
}
