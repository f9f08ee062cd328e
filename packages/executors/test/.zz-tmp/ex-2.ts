import { ThreadPoolExecutor, getEventLoop, run } from "../zz-shim.js";
function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
const results = await run(function* () {
  const loop = getEventLoop();
  const a = loop.runInExecutor(pool, fib, 25); // both run at once, on two threads,
  const b = loop.runInExecutor(pool, fib, 26); // while the loop goes on
  return [yield* a, yield* b];
}());
console.log(results); // prints: [ 75025, 121393 ]
await pool.shutdown();

export {};
