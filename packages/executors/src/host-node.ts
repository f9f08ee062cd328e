/// <reference types="node" />
// Host integration for Node: worker_threads. The worker runs our worker source with
// `eval: true`, so it needs no file on disk (and works the same from src and dist).
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { HostWorker, HostWorkerEvents } from "./internal/host.js";

/** The number of CPUs this process may use (at least 1). */
export function cpuCount(): number {
  return Math.max(1, availableParallelism());
}

/** Starts a worker thread running `source`. */
export function spawnWorker(source: string, name: string, events: HostWorkerEvents): HostWorker {
  const worker = new Worker(source, { eval: true, name });
  worker.on("message", (data: unknown) => events.message(data));
  worker.on("messageerror", (error: unknown) => events.messageerror(error));
  worker.on("error", (error: unknown) => events.error(error));
  worker.on("exit", (code: number) => events.exit(code));
  return {
    postMessage(message: unknown): void {
      worker.postMessage(message);
    },
    async terminate(): Promise<void> {
      await worker.terminate();
    },
    ref(): void {
      worker.ref();
    },
    unref(): void {
      worker.unref();
    },
  };
}
