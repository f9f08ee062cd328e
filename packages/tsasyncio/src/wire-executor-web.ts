// In browsers the facade does not wire the default executor: the Web Worker pool would add
// about 4.4 kB (min+gz) to every bundle, used or not. `installDefaultExecutor()` (or
// `loop.setDefaultExecutor(new ThreadPoolExecutor())`) turns it on; until then
// `runInExecutor(null, …)` says so. (Node: see wire-executor-node.ts.)
export {};
