/// <reference types="node" />
// Host integration for Node: setImmediate runs after I/O polling, so a busy loop that
// yields with it never starves host I/O, and it is not clamped like setTimeout(0).

/** Runs `fn` in a later host macrotask. */
export function scheduleMacrotask(fn: () => void): void {
  setImmediate(fn);
}

/** Arms a host timer; returns what `clearHostTimer` takes. */
export function setHostTimer(fn: () => void, ms: number): unknown {
  return setTimeout(fn, ms);
}

/** Disarms a host timer. */
export function clearHostTimer(handle: unknown): void {
  clearTimeout(handle as NodeJS.Timeout);
}

/** Whether TSASYNCIO_DEBUG=1 asks for debug mode. */
export function debugFromEnvironment(): boolean {
  const v = process.env["TSASYNCIO_DEBUG"];
  return v !== undefined && v !== "" && v !== "0";
}

/**
 * Calls `fn` when Node's own event loop has nothing left to do ('beforeExit'): a loop
 * that still waits then can never be woken. Returns a function that removes the listener.
 */
export function onHostIdle(fn: () => void): () => void {
  process.on("beforeExit", fn);
  return () => process.off("beforeExit", fn);
}

/** Installs a SIGINT handler while `run()` is active (main thread only); returns the remover. */
export function onInterrupt(fn: () => void): (() => void) | null {
  if (process.listenerCount("SIGINT") > 0) return null;
  process.on("SIGINT", fn);
  return () => process.off("SIGINT", fn);
}

/** Re-raises SIGINT with the default behaviour (the second Ctrl-C). */
export function reraiseInterrupt(): void {
  process.kill(process.pid, "SIGINT");
}
