// The seed tutorial's programs ("执行协程" — running coroutines), translated:
// `async def` → `function*`, `await` → `yield*`, asyncio.x → x.
import {
  createTask,
  ensureFuture,
  gather,
  getRunningLoop,
  sleep,
  type Coroutine,
  type Future,
} from "tsasyncio";
import { strftimeX } from "./clock.js";

/** `async def main(): print("hello"); await asyncio.sleep(1); print("world")` */
export function* helloWorld(): Coroutine<void> {
  console.log("hello");
  yield* sleep(1);
  console.log("world");
}

function* sayAfter(delay: number, what: string): Coroutine<void> {
  yield* sleep(delay);
  console.log(what);
}

/** Awaiting coroutines one after the other: 3 seconds. */
export function* sequential(): Coroutine<void> {
  console.log(`started at ${strftimeX()}`);
  yield* sayAfter(1, "hello");
  yield* sayAfter(2, "world");
  console.log(`finished at ${strftimeX()}`);
}

/** The same with createTask: the two run concurrently, 2 seconds. */
export function* concurrent(): Coroutine<void> {
  const task1 = createTask(sayAfter(1, "hello"));
  const task2 = createTask(sayAfter(2, "world"));
  console.log(`started at ${strftimeX()}`);
  yield* task1;
  yield* task2;
  console.log(`finished at ${strftimeX()}`);
}

function* nested(): Coroutine<void> {
  console.log("something");
}

/** Awaitables, coroutines: calling nested() alone does nothing. */
export function* awaitCoroutine(): Coroutine<void> {
  nested(); // nothing happens: a coroutine object that is never awaited
  yield* nested(); // prints "something"
}

function* fortyTwo(): Coroutine<number> {
  return 42;
}

/** Awaitables, Tasks. */
export function* awaitTask(): Coroutine<number> {
  const task = createTask(fortyTwo());
  const result = yield* task;
  console.log(result);
  return result;
}

function functionThatReturnsAFutureObject(): Future<string> {
  // loop.run_in_executor is the tutorial's example of such a function; here a timer sets it.
  const loop = getRunningLoop();
  const fut = loop.createFuture<string>();
  loop.callSoon(() => fut.setResult("a future's result"));
  return fut;
}

/** Awaitables, Futures: awaited directly and through gather. */
export function* awaitFuture(): Coroutine<void> {
  console.log(yield* functionThatReturnsAFutureObject());
  const [a, b] = yield* gather(functionThatReturnsAFutureObject(), fortyTwo());
  console.log(a, b);
}

function* coro1(): Coroutine<void> {
  console.log("do something");
}

/** createTask() with no running loop: RuntimeError: no running event loop. */
export function createTaskOutsideLoop(): void {
  const coro = coro1();
  try {
    createTask(coro);
  } catch (e) {
    console.log(String(e));
  }
}

function* coro(): Coroutine<void> {
  console.log("something is running");
}

/** createTask() inside main(), run by run(). */
export function* createTaskInMain(): Coroutine<void> {
  createTask(coro());
  console.log(String(getRunningLoop()));
}

/** ensure_future: the pre-3.7 spelling of create_task (and the way to await a Promise). */
export function* withEnsureFuture(): Coroutine<void> {
  const task = ensureFuture(coro());
  yield* task;
  const fromPromise = yield* ensureFuture(Promise.resolve("from a Promise"));
  console.log(fromPromise);
}
