// Host integration for browsers (and any host without setImmediate): a MessageChannel
// posts a macrotask that is not clamped to 4 ms the way nested setTimeout(0) calls are.

let channel: MessageChannel | undefined;
const queue: (() => void)[] = [];

/** Runs `fn` in a later host macrotask. */
export function scheduleMacrotask(fn: () => void): void {
  if (channel === undefined) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const fns = queue.splice(0, queue.length);
      for (const f of fns) f();
    };
  }
  queue.push(fn);
  if (queue.length === 1) channel.port2.postMessage(null);
}

/** Arms a host timer; returns what `clearHostTimer` takes. */
export function setHostTimer(fn: () => void, ms: number): unknown {
  return setTimeout(fn, ms);
}

/** Disarms a host timer. */
export function clearHostTimer(handle: unknown): void {
  clearTimeout(handle as number);
}

/** Browsers have no environment variables: debug mode is turned on with setDebug(true). */
export function debugFromEnvironment(): boolean {
  return false;
}

/** Browsers give no "the host is idle" signal. */
export function onHostIdle(_fn: () => void): () => void {
  return () => undefined;
}

/** No SIGINT in browsers. */
export function onInterrupt(_fn: () => void): (() => void) | null {
  return null;
}

/** No SIGINT in browsers. */
export function reraiseInterrupt(): void {
  /* nothing to re-raise */
}
