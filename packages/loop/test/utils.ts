// Helpers of the loop tests: CPython's test_utils.run_once / run_briefly, and capture of
// the console output that the loop writes (the default exception handler, slow callbacks).
import { vi, type MockInstance } from "vitest";
import type { EventLoop } from "../src/index.js";

/** CPython's `test_utils.run_once(loop)`: `loop.call_soon(loop.stop); loop.run_forever()`. */
export async function runOnce(loop: EventLoop): Promise<void> {
  loop.callSoon(() => loop.stop());
  await loop.runForever();
}

/** CPython's `test_utils.run_briefly(loop)`: one short run of the loop. */
export const runBriefly = runOnce;

/** Spies on `console[method]` without printing; call `mockRestore()` when done. */
export function spyConsole(method: "error" | "warn"): MockInstance<(...args: unknown[]) => void> {
  return vi.spyOn(console, method).mockImplementation(() => undefined);
}

/** The text of every call of a console spy, one string per call (args joined by spaces). */
export function spyText(spy: MockInstance<(...args: unknown[]) => void>): string[] {
  return spy.mock.calls.map((args) =>
    args.map((a) => (a instanceof Error ? (a.stack ?? String(a)) : String(a))).join(" "),
  );
}

/** A host macrotask later (setImmediate in Node, a MessageChannel message in browsers). */
export function nextHostTask(): Promise<void> {
  if (typeof setImmediate === "function") return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** `ms` milliseconds of host time later. */
export function hostSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
