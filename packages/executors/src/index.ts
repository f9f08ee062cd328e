/**
 * Executors for tsasyncio: `ThreadPoolExecutor` on real threads (Node `worker_threads`,
 * browser Web Workers), `toThread`, and `installDefaultExecutor`, which makes
 * `loop.runInExecutor(null, fn)` work.
 *
 * @packageDocumentation
 * @module @tsasyncio/executors
 */
export {
  ThreadPoolExecutor,
  type ThreadPoolExecutorOptions,
  type ShutdownOptions,
} from "./thread-pool-executor.js";
export { type ExecutorJob } from "./executor-job.js";
export { type WorkerFunctionRef } from "./worker-function.js";
export { toThread } from "./to-thread.js";
export { installDefaultExecutor } from "./default-executor.js";
