import { run, toThread } from "../zz-shim.js";
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
console.log(await run(function* () {
  return yield* toThread(sum, [40, 2]);
}())); // prints: 42

export {};
