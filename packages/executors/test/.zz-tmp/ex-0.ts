import { installDefaultExecutor, getEventLoop, run } from "../zz-shim.js";
installDefaultExecutor();
const result = await run(function* () {
  return yield* getEventLoop().runInExecutor(null, (a: number, b: number) => a * b, 6, 7);
}());
console.log(result); // prints: 42

export {};
