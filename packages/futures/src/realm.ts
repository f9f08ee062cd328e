// The realm's shared state: the running loop, the loop set by setEventLoop(), the
// current context, and hooks that higher layers fill in. It lives on globalThis under a
// registered symbol so that two copies of this package in one program still share one
// running-loop slot, and it is created lazily so that importing the package has no
// side effect (sideEffects: false).
import type { Context, ContextOwner } from "./context.js";
import type { AbstractEventLoop, TaskFactoryHook } from "./loop-interface.js";

export interface Realm {
  runningLoop: AbstractEventLoop | null;
  eventLoop: AbstractEventLoop | null;
  context: Context | null;
  /**
   * A Task whose step runs now in its lazily kept context (see `ContextOwner`); when set,
   * it is the current context, not `context`. Absent in a realm made by an older copy.
   */
  owner?: ContextOwner | null;
  /** Set by @tsasyncio/tasks when its Task module loads: how a loop makes a Task. */
  createTask: TaskFactoryHook | null;
  /**
   * Set by @tsasyncio/executors (`installDefaultExecutor()`): makes the executor a loop
   * uses for `runInExecutor(null, …)` when it has none. Absent in a realm object made by
   * an older copy of this package, hence optional.
   */
  defaultExecutorFactory?: (() => unknown) | null;
}

const KEY = Symbol.for("tsasyncio.realm.v1");
let realmCache: Realm | undefined;

export function realm(): Realm {
  if (realmCache !== undefined) return realmCache;
  const g = globalThis as unknown as Record<symbol, Realm | undefined>;
  realmCache = g[KEY] ??= {
    runningLoop: null,
    eventLoop: null,
    context: null,
    owner: null,
    createTask: null,
    defaultExecutorFactory: null,
  };
  return realmCache;
}
