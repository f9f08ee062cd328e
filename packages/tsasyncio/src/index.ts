/**
 * Python's asyncio for TypeScript: every public name of the `@tsasyncio/*` packages.
 * `import * as asyncio from "tsasyncio"` feels like Python's `import asyncio`.
 *
 * @packageDocumentation
 * @module tsasyncio
 */
export * from "@tsasyncio/futures";
export * from "@tsasyncio/loop";
export * from "@tsasyncio/tasks";
export * from "@tsasyncio/gather";
export * from "@tsasyncio/sync";
export * from "@tsasyncio/queues";
export * from "@tsasyncio/executors";
// Node: `loop.runInExecutor(null, …)` works with no setup (see the two modules).
import "#wire-executor";
