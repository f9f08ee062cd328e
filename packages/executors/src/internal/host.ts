// What the pool needs from a host's workers (Node worker_threads or Web Workers); the
// implementations are src/host-node.ts and src/host-web.ts, picked by the "#host" import.

/** What a host worker reports. */
export interface HostWorkerEvents {
  /** A message the worker posted. */
  message(data: unknown): void;
  /** A message of the worker's that could not be deserialized. */
  messageerror(error: unknown): void;
  /** An error the worker did not catch (the worker is then lost). */
  error(error: unknown): void;
  /** The worker stopped (Node only). */
  exit(code: number): void;
}

/** One worker thread. */
export interface HostWorker {
  /** Posts a message (structured clone); throws a DataCloneError if it cannot be cloned. */
  postMessage(message: unknown): void;
  /** Stops the worker at once; settles when it has stopped. */
  terminate(): Promise<void>;
  /** Keeps the process alive while the worker runs a job (Node). */
  ref(): void;
  /** Lets the process exit while the worker is idle (Node). */
  unref(): void;
}
