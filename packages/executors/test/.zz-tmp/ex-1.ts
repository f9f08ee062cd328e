import { ThreadPoolExecutor } from "../zz-shim.js";
const pool = new ThreadPoolExecutor(1);
const first = pool.submit((a: number, b: number) => a + b, 1, 2);
const second = pool.submit((a: number, b: number) => a * b, 3, 4);
console.log(first.running(), second.running(), second.cancel()); // prints: true false true
console.log(await first, second.cancelled()); // prints: 3 true
await pool.shutdown();

export {};
