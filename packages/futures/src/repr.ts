// Python-style reprs (reprlib limits) for the values that Future/Task/queue reprs show.

const MAX_STRING = 30;
const MAX_LIST = 6;
const MAX_OTHER = 30;

function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const i = Math.max(0, Math.floor((max - 3) / 2));
  const j = Math.max(0, max - 3 - i);
  return s.slice(0, i) + "..." + s.slice(s.length - j);
}

function quote(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\t/g, "\\t");
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}

/**
 * @internal The full repr of an error: `TypeError('message')`; an ExceptionGroup shows its
 * message and members, as Python's `ExceptionGroup('msg', [TypeError('a')])`.
 */
export function errorRepr(e: Error): string {
  const group = e as { baseMessage?: unknown; errors?: unknown };
  if (typeof group.baseMessage === "string" && Array.isArray(group.errors)) {
    const members = (group.errors as unknown[]).map((x) => pyRepr(x)).join(", ");
    return `${e.name}(${quote(group.baseMessage)}, [${members}])`;
  }
  return `${e.name}(${e.message === "" ? "" : quote(e.message)})`;
}

/**
 * @internal A Python-like repr of `value` (strings quoted, errors as `Name('msg')`,
 * arrays as lists), shortened like Python's `reprlib.repr` when `short` is set.
 */
export function pyRepr(value: unknown, short = false, depth = 0): string {
  switch (typeof value) {
    case "string":
      return short ? truncate(quote(value), MAX_STRING) : quote(value);
    case "number":
    case "boolean":
    case "bigint":
    case "undefined":
      return String(value);
    case "symbol":
      return value.toString();
    case "function":
      return `<function ${value.name || "<anonymous>"}>`;
  }
  if (value === null) return "null";
  if (value instanceof Error) return errorRepr(value);
  if (Array.isArray(value)) {
    if (depth > 2) return "[...]";
    const items = value as unknown[];
    const n = short ? Math.min(items.length, MAX_LIST) : items.length;
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(pyRepr(items[i], short, depth + 1));
    if (n < items.length) parts.push("...");
    return `[${parts.join(", ")}]`;
  }
  const obj = value as object;
  if (
    typeof (obj as { toString?: unknown }).toString === "function" &&
    obj.toString !== Object.prototype.toString
  ) {
    const s = String(obj);
    return short ? truncate(s, MAX_OTHER * 4) : s;
  }
  const proto = Object.getPrototypeOf(obj) as object | null;
  if (proto === Object.prototype || proto === null) {
    if (depth > 2) return "{...}";
    const entries = Object.entries(obj);
    const n = short ? Math.min(entries.length, MAX_LIST) : entries.length;
    const parts = entries.slice(0, n).map(([k, v]) => `${k}: ${pyRepr(v, short, depth + 1)}`);
    if (n < entries.length) parts.push("...");
    return `{${parts.join(", ")}}`;
  }
  return `<${(obj.constructor as { name?: string } | undefined)?.name ?? "object"}>`;
}

/** @internal How a callback shows in reprs: `name()`. */
export function callbackRepr(fn: unknown): string {
  if (typeof fn !== "function") return pyRepr(fn, true);
  return `${fn.name || "<anonymous>"}()`;
}

/** @internal The key Node's `util.inspect` looks for; no Node types needed. */
/** @internal Whether `x` is a thenable (a Promise or any object with a `then` method). */
export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (
    (typeof x === "object" || typeof x === "function") &&
    x !== null &&
    typeof (x as { then?: unknown }).then === "function"
  );
}

export const inspectCustom: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;
