// Host integration for browsers (and other hosts with Web Workers): a classic Worker
// started from a Blob URL holding our worker source, so no separate file has to be served.
import { RuntimeError } from "@tsasyncio/futures";
import type { HostWorker, HostWorkerEvents } from "./internal/host.js";

let sourceUrl: string | undefined;
let sourceText: string | undefined;

/** `navigator.hardwareConcurrency` (at least 1). */
export function cpuCount(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  return typeof n === "number" && n >= 1 ? Math.floor(n) : 1;
}

/** Starts a Web Worker running `source`. */
export function spawnWorker(source: string, name: string, events: HostWorkerEvents): HostWorker {
  if (typeof Worker !== "function")
    throw new RuntimeError(
      "this JavaScript host has no Web Workers (Worker is not defined): ThreadPoolExecutor needs Node's worker_threads or a browser",
    );
  if (sourceUrl === undefined || sourceText !== source) {
    sourceUrl = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    sourceText = source;
  }
  const worker = new Worker(sourceUrl, { name });
  worker.onmessage = (e: MessageEvent) => events.message(e.data);
  worker.onmessageerror = () =>
    events.messageerror(new TypeError("a message from the worker could not be deserialized"));
  worker.onerror = (e: ErrorEvent) => {
    // An uncaught error does not stop a Web Worker, but the job it ran is lost: treat it
    // as a crash, as in Node (the pool terminates and replaces the worker).
    e.preventDefault();
    const err = new Error(e.message || "uncaught error in a Web Worker");
    if (e.filename)
      err.stack = `${err.name}: ${err.message}\n    at ${e.filename}:${e.lineno}:${e.colno}`;
    events.error(err);
  };
  return {
    postMessage(message: unknown): void {
      worker.postMessage(message);
    },
    terminate(): Promise<void> {
      worker.terminate();
      return Promise.resolve();
    },
    ref(): void {
      // Browsers have no process to keep alive.
    },
    unref(): void {
      // Browsers have no process to keep alive.
    },
  };
}
