// PriorityQueue's default order: Python's `<` on numbers, strings and tuples (arrays),
// which is what heapq compares. Other values have no order, as in Python, where
// `(1, {}) < (1, {})` raises TypeError.

function kind(x: unknown): string {
  switch (typeof x) {
    case "number":
    case "bigint":
    case "boolean":
      return "number";
    case "string":
      return "string";
    case "object":
      if (Array.isArray(x)) return "array";
      return x === null ? "null" : (x.constructor?.name ?? "object");
    default:
      return typeof x;
  }
}

/**
 * Compares like Python: numbers (and bigints, booleans) by value, strings by code unit,
 * arrays element by element (the first unequal pair decides; a prefix comes first).
 * @throws TypeError for values that have no order (objects, null, mixed kinds)
 */
export function pythonCompare(a: unknown, b: unknown): number {
  const ka = kind(a);
  if (ka === kind(b)) {
    if (ka === "number" || ka === "string")
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    if (ka === "array") {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        if (x[i] === y[i]) continue;
        const c = pythonCompare(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
  }
  if (a === b) return 0;
  throw new TypeError(
    `'<' not supported between instances of '${kind(a)}' and '${kind(b)}': PriorityQueue orders numbers, strings and arrays of them by default; put [priority, item] arrays or pass a compare function`,
  );
}
