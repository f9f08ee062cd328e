import { ThreadPoolExecutor, type WorkerFunctionRef } from "../zz-shim.js";
// Usually { module: new URL("./work.js", import.meta.url), name: "shout" }; a data: URL
// keeps this example in one file.
const work = "data:text/javascript,export const shout = (s) => s.toUpperCase() + '!';";
const shout: WorkerFunctionRef<(s: string) => string> = { module: work, name: "shout" };
const pool = new ThreadPoolExecutor(1);
console.log(await pool.submit(shout, "hello")); // prints: HELLO!
await pool.shutdown();

export {};
