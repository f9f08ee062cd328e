// The facade wires the default executor. CPython's loop makes a ThreadPoolExecutor the first
// time `run_in_executor(None, …)` needs one; the tsasyncio loop sits below the executors
// package, so importing `tsasyncio` leaves a factory in the realm instead. It loads
// @tsasyncio/executors only then, through a dynamic import: bundlers that split dynamic
// imports (Vite, Rollup, webpack, esbuild with `splitting`) put the worker pool in a chunk
// of its own, so a program that never uses an executor does not carry it.
import { CancelledError, RuntimeError } from "@tsasyncio/futures";
import { realm } from "@tsasyncio/futures/internal";
import type { Executor } from "@tsasyncio/loop";

type Job = PromiseLike<unknown> & { cancel?: () => unknown };

/**
 * @internal The default executor of a loop, made by the facade: a ThreadPoolExecutor
 * (threads named `asyncio_N`, as CPython's) created on the first job.
 */
export class LazyDefaultExecutor implements Executor {
  #real: Promise<Executor> | null = null;
  #shutdown = false;

  submit(fn: (...args: never[]) => unknown, ...args: unknown[]): Job {
    if (this.#shutdown) throw new RuntimeError("cannot schedule new futures after shutdown");
    const real = (this.#real ??= import("@tsasyncio/executors").then(
      (m): Executor => new m.ThreadPoolExecutor({ threadNamePrefix: "asyncio" }),
    ));
    let inner: Job | null = null;
    let cancelled = false;
    const job = real.then((ex) => {
      // A job cancelled before the pool existed never starts.
      if (cancelled) throw new CancelledError();
      inner = ex.submit(fn, ...args);
      return inner;
    });
    return Object.assign(job, {
      cancel: (): boolean => {
        cancelled = true;
        inner?.cancel?.();
        return true;
      },
    });
  }

  async shutdown(options?: { wait?: boolean; cancelFutures?: boolean }): Promise<void> {
    this.#shutdown = true;
    if (this.#real !== null) await (await this.#real).shutdown(options);
  }
}

realm().defaultExecutorFactory ??= () => new LazyDefaultExecutor();
