// Port of asyncio.eager_task_factory / create_eager_task_factory (Lib/asyncio/tasks.py, 3.12).
import type { AbstractEventLoop, Context, Future } from "@tsasyncio/futures";
import type { Coroutine } from "./coroutines.js";
import { Task } from "./task.js";

/** The options a task factory receives. */
export interface TaskFactoryOptions {
  /** The Task's name. */
  name?: string;
  /** The Task's context. */
  context?: Context;
  /** Whether to start eagerly. */
  eagerStart?: boolean;
}

/** A Task constructor, as `createEagerTaskFactory` takes it. */
export type TaskConstructor = new (
  coro: Coroutine<never>,
  options: TaskFactoryOptions & { loop: AbstractEventLoop },
) => Future<unknown>;

/**
 * A task factory that starts each Task eagerly: its coroutine runs synchronously in
 * `createTask` until its first real suspension, and a coroutine that finishes without
 * suspending never touches the loop.
 *
 * @remarks Python 3.12's `asyncio.eager_task_factory`. Set it with
 * `loop.setTaskFactory(eagerTaskFactory)`. As in 3.13,
 * `loop.createTask(coro, { eagerStart: false })` still makes a lazy Task. Eager start
 * needs a running loop: a Task made before the loop runs is scheduled as usual.
 * @example
 * ```ts
 * import { run, createTask, eagerTaskFactory, getRunningLoop } from "tsasyncio";
 * await run(function* () {
 *   getRunningLoop().setTaskFactory(eagerTaskFactory);
 *   const t = createTask((function* () { return 1; })());
 *   console.log(t.done()); // prints: true
 * }());
 * ```
 * @category Tasks
 */
export function eagerTaskFactory(
  loop: AbstractEventLoop,
  coro: Coroutine<never>,
  options?: TaskFactoryOptions,
): Future<unknown> {
  // The common call, with no name, context or eagerStart, makes no options object: the
  // Task reads a shared one (the loop goes apart, as loop.createTask passes it).
  if (
    options === undefined ||
    (options.name === undefined &&
      options.context === undefined &&
      options.eagerStart === undefined)
  )
    return new Task(coro, EAGER, loop);
  return new Task(coro, { ...options, loop, eagerStart: options.eagerStart ?? true });
}

const EAGER: TaskFactoryOptions = Object.freeze({ eagerStart: true });

/**
 * A task factory like {@link eagerTaskFactory} that makes instances of `customTaskConstructor`.
 * @example
 * ```ts
 * import { Task, createEagerTaskFactory } from "tsasyncio";
 * const factory = createEagerTaskFactory(Task);
 * console.log(typeof factory); // prints: function
 * ```
 * @category Tasks
 */
export function createEagerTaskFactory(
  customTaskConstructor: TaskConstructor,
): (
  loop: AbstractEventLoop,
  coro: Coroutine<never>,
  options?: TaskFactoryOptions,
) => Future<unknown> {
  return (loop, coro, options) =>
    new customTaskConstructor(coro, {
      ...options,
      loop,
      eagerStart: options?.eagerStart ?? true,
    });
}
