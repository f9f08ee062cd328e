// The README's first command runs this: the seed tutorial, translated, on the real loop.
import { isCoroutine, run } from "tsasyncio";
import * as t from "./tutorial.js";

function header(title: string): void {
  console.log(`\n# ${title}`);
}

header("run(main()): hello / world");
await run(t.helloWorld());

header("main() alone only makes a coroutine object");
const coro = t.helloWorld();
console.log(
  `${Object.prototype.toString.call(coro)}: isCoroutine=${String(isCoroutine(coro))}, nothing ran`,
);

header("awaiting coroutines in sequence (3 s)");
await run(t.sequential());

header("createTask: concurrently (2 s)");
await run(t.concurrent());

header("awaitables: a coroutine");
await run(t.awaitCoroutine());

header("awaitables: a Task");
await run(t.awaitTask());

header("awaitables: a Future");
await run(t.awaitFuture());

header("createTask outside a running loop");
t.createTaskOutsideLoop();

header("createTask inside main()");
await run(t.createTaskInMain());

header("ensureFuture");
await run(t.withEnsureFuture());

header("run(main(), { debug: true })");
await run(t.helloWorld(), { debug: true });
