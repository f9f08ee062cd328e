// What can be sent to a worker thread in place of CPython's pickled callable: a
// self-contained function (its source text) or a function exported by a module.
import type { Context } from "@tsasyncio/futures";

/**
 * A function exported by an ES module, named so that a worker can import it: what to
 * submit when the function needs imports or module-level state.
 *
 * @remarks
 * A worker thread has its own globals and module graph: it cannot see the caller's
 * variables. Python pickles a module-level function by its module and name; this is
 * the same idea. `module` is the module's URL (`new URL("./work.js", import.meta.url)`)
 * and must be loadable by the worker as JavaScript (in Node, a `.js`/`.mjs` file; in a
 * browser, a URL the page may import). `name` is the export's name (`"default"` for the
 * default export). The type parameter `F` only types the arguments and the result.
 * @typeParam F - the function's type, e.g. `typeof import("./work.js").fib`
 * @example
 * ```ts
 * import { ThreadPoolExecutor, type WorkerFunctionRef } from "tsasyncio";
 * // Usually { module: new URL("./work.js", import.meta.url), name: "shout" }; a data: URL
 * // keeps this example in one file.
 * const work = "data:text/javascript,export const shout = (s) => s.toUpperCase() + '!';";
 * const shout: WorkerFunctionRef<(s: string) => string> = { module: work, name: "shout" };
 * const pool = new ThreadPoolExecutor(1);
 * console.log(await pool.submit(shout, "hello")); // prints: HELLO!
 * await pool.shutdown();
 * ```
 * @category Executors
 */
export interface WorkerFunctionRef<
  // `any` so that an untyped reference takes any arguments and gives `any`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  F extends (...args: never[]) => unknown = (...args: any[]) => any,
> {
  /** The module's URL (a `URL`, or a URL string such as `file:///…/work.js`). */
  readonly module: URL | string;
  /** The name of the exported function (`"default"` for the default export). */
  readonly name: string;
  /** Types only: the function's type. Never read. */
  readonly __function?: F;
}

/** @internal What a job sends: the function's text, or its module and export name. */
export interface FunctionSpec {
  source?: string;
  module?: string;
  name: string;
}

const specs = new WeakMap<object, FunctionSpec>();
const contextCalls = new WeakMap<object, { target: unknown; context: Context }>();

/**
 * @internal A function that calls `target` (Python's `functools.partial(ctx.run, func)`):
 * run locally by an executor of another kind, or sent with `context` by ours.
 */
export function contextCall(target: unknown, context: Context): (...args: unknown[]) => unknown {
  const call = (...args: unknown[]): unknown => {
    if (typeof target !== "function")
      throw new TypeError(
        "a { module, name } function reference can only run on a ThreadPoolExecutor",
      );
    return context.run(() => (target as (...a: unknown[]) => unknown)(...args));
  };
  contextCalls.set(call, { target, context });
  return call;
}

/** @internal What `contextCall` wrapped, if `fn` is one. */
export function unwrapContextCall(fn: unknown): { target: unknown; context: Context } | undefined {
  return typeof fn === "function" ? contextCalls.get(fn) : undefined;
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (typeof x === "object") return `an object with keys ${JSON.stringify(Object.keys(x))}`;
  return typeof x === "string" ? JSON.stringify(x) : `${typeof x} ${String(x)}`;
}

/**
 * @internal What to send for `fn`, checked now so that a mistake throws from `submit()`.
 * @throws TypeError for what cannot cross to a worker
 */
export function functionSpec(fn: unknown, method: string): FunctionSpec {
  if (typeof fn === "function") {
    const cached = specs.get(fn);
    if (cached !== undefined) return cached;
    const spec = sourceSpec(fn as (...args: never[]) => unknown, method);
    specs.set(fn, spec);
    return spec;
  }
  if (typeof fn === "object" && fn !== null && "module" in fn && "name" in fn) {
    const ref = fn as WorkerFunctionRef;
    if (typeof ref.name !== "string" || ref.name === "")
      throw new TypeError(
        `${method}: a function reference needs the export's name as a string, got ${describe(ref.name)}`,
      );
    return { module: moduleUrl(ref.module, method), name: ref.name };
  }
  throw new TypeError(`${method} expected a function or { module, name }, got ${describe(fn)}`);
}

function sourceSpec(fn: (...args: never[]) => unknown, method: string): FunctionSpec {
  const name = fn.name;
  const tag = Object.prototype.toString.call(fn);
  if (tag === "[object GeneratorFunction]" || tag === "[object AsyncGeneratorFunction]")
    throw new TypeError(
      `coroutines cannot be used with ${method}: ${name || "the function"} is a function*; run it in the event loop (createTask(${name || "fn"}())) instead`,
    );
  const source = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source))
    throw new TypeError(
      `${method} cannot send ${name ? `${name}()` : "this function"} to a worker: it is a built-in or bound function, which has no source text to send. Wrap the call in a self-contained function, e.g. (xs) => Math.max(...xs), or export a function from a module and submit { module: new URL("./work.js", import.meta.url), name: "fn" }`,
    );
  if (/^class\b/.test(source))
    throw new TypeError(
      `${method} cannot call the class ${name || "<anonymous>"}: pass a function`,
    );
  return { source, name };
}

function moduleUrl(module: unknown, method: string): string {
  if (module instanceof URL) return module.href;
  if (typeof module === "string") {
    try {
      return new URL(module).href;
    } catch {
      // fall through to the error
    }
  }
  throw new TypeError(
    `${method}: a function reference needs the module's absolute URL, e.g. { module: new URL("./work.js", import.meta.url), name }, got ${describe(module)}`,
  );
}
