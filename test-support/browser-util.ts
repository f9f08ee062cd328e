// The part of node:util that the test suites use, for their runs in Chromium: `inspect`
// honours the custom-inspect symbol that tsasyncio's classes implement (their reprs), and
// `format` joins arguments as console.log does.
const custom = Symbol.for("nodejs.util.inspect.custom");

export function inspect(value: unknown): string {
  if (typeof value === "object" && value !== null) {
    const fn = (value as Record<symbol, unknown>)[custom];
    if (typeof fn === "function") return String((fn as () => unknown).call(value));
    if (value instanceof Error) return value.stack ?? String(value);
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return typeof value === "string" ? `'${value}'` : String(value);
}

export function format(...args: unknown[]): string {
  return args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" ");
}

export default { inspect, format };
