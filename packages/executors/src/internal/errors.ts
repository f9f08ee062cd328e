// Errors crossing from a worker: the worker sends name, message, stack, cause, the
// AggregateError's errors and the own enumerable properties that structured clone can copy
// (worker-source.ts); here they become an Error again. Node's own cloning of errors would
// drop the properties (`code`, …) and `cause`, and a custom class's name.
import { InvalidStateError, LookupError, RuntimeError, TimeoutError } from "@tsasyncio/futures";

/** An error as the worker sends it. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  props: Record<string, unknown>;
  cause?: SerializedError | { thrown: unknown };
  errors?: (SerializedError | { thrown: unknown })[];
}

type ErrorCtor = new (message: string) => Error;

// Built-in classes, and the asyncio errors a module function may throw, come back as
// instances of the same class; any other class comes back as an Error with its name.
const CLASSES: Record<string, ErrorCtor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
  RuntimeError,
  TimeoutError,
  InvalidStateError,
  LookupError,
};

/** Rebuilds what the worker threw. */
export function deserializeError(e: SerializedError | { thrown: unknown }): unknown {
  if ("thrown" in e) return e.thrown;
  let err: Error;
  if (e.name === "AggregateError" || e.errors !== undefined) {
    err = new AggregateError((e.errors ?? []).map(deserializeError), e.message);
    if (e.name !== "AggregateError") setHidden(err, "name", e.name);
  } else {
    const ctor = Object.hasOwn(CLASSES, e.name) ? CLASSES[e.name] : undefined;
    err = new (ctor ?? Error)(e.message);
    if (ctor === undefined || err.name !== e.name) setHidden(err, "name", e.name);
  }
  setHidden(err, "stack", e.stack ?? `${e.name}: ${e.message}`);
  if (e.cause !== undefined) setHidden(err, "cause", deserializeError(e.cause));
  Object.assign(err, e.props);
  return err;
}

// As the engine defines them: writable, configurable, not enumerable.
function setHidden(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, configurable: true, enumerable: false });
}
