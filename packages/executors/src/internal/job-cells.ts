// The state a job shares with the worker it was sent to, in a SharedArrayBuffer: what
// CPython's Future.set_running_or_notify_cancel() decides under the future's lock, here one
// compare-and-swap. A worker may hold several queued jobs (the pool sends short jobs in
// batches); a queued job can still be cancelled, or taken back and sent to an idle worker,
// and the compare-and-swap decides whether the worker or the pool got it first.

/** The job waits in the worker's queue; the pool may still take it back. */
export const QUEUED = 1;
/** The worker started the job (set by the pool for a job sent to an idle worker). */
export const STARTED = 2;
/** The worker finished the job; its reply is on its way. */
export const DONE = 3;
/** The pool took the job back (cancelled, or sent elsewhere): the worker skips it. */
export const TAKEN = 4;

/** How many cells each worker has: more than the largest batch plus the job it runs. */
export const CELLS_PER_WORKER = 64;

/**
 * A worker's cells, or null where SharedArrayBuffer cannot be sent to a worker (a page
 * that is not cross-origin isolated): the pool then sends one job at a time.
 */
export function makeCells(): Int32Array | null {
  if (typeof SharedArrayBuffer !== "function" || typeof Atomics !== "object") return null;
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) return null;
  return new Int32Array(new SharedArrayBuffer(CELLS_PER_WORKER * 4));
}
