/**
 * Tasks for tsasyncio: `Task` (steps generator coroutines, cancellable at the exact
 * `yield*` they wait at), `createTask`, `ensureFuture`, `sleep`, `run()`, `Runner`,
 * eager tasks and `asyncWith`.
 *
 * @packageDocumentation
 * @module @tsasyncio/tasks
 */
export { type Coroutine, isCoroutine } from "./coroutines.js";
export { Task, currentTask, allTasks, type TaskConstructorOptions } from "./task.js";
export {
  createTask,
  ensureFuture,
  abortable,
  type CreateTaskOptions,
  type EnsureFutureOptions,
} from "./create-task.js";
export { sleep } from "./sleep.js";
export {
  eagerTaskFactory,
  createEagerTaskFactory,
  type TaskFactoryOptions,
  type TaskConstructor,
} from "./eager.js";
export { run, Runner, type RunnerOptions } from "./runners.js";
export { asyncWith, type AsyncContextManager, type AsyncWithResult } from "./async-with.js";
