// The coroutine test helper (STYLE.md §4 item 6): runs a test body as a Task on a fresh
// VirtualTimeLoop, so sleep(10) takes no wall time, and fails the test if anything was
// reported to the loop's exception handler (an unretrieved exception, a failing callback)
// unless the test expects it.
import { it, type TestOptions } from "vitest";
import type { ExceptionContext } from "@tsasyncio/futures";
import { VirtualTimeLoop, type EventLoop } from "@tsasyncio/loop";
import { run, type Coroutine } from "@tsasyncio/tasks";

export interface CoroutineTestContext {
  /** The loop the test runs on. */
  loop: VirtualTimeLoop;
  /** Everything the loop's exception handler received. */
  reported: ExceptionContext[];
  /** Call when reports are expected: the helper then does not fail on them. */
  expectReports(): void;
}

/** Runs `body` on a fresh VirtualTimeLoop through run(). */
export async function runVirtual<T>(
  body: (ctx: CoroutineTestContext) => Coroutine<T>,
): Promise<{ result: T; ctx: CoroutineTestContext }> {
  const loop = new VirtualTimeLoop();
  const reported: ExceptionContext[] = [];
  let expected = false;
  loop.setExceptionHandler((_l: EventLoop, c: ExceptionContext) => {
    reported.push(c);
  });
  const ctx: CoroutineTestContext = { loop, reported, expectReports: () => (expected = true) };
  const result = await run(body(ctx), { loopFactory: () => loop });
  if (!expected && reported.length > 0)
    throw new Error(
      `the loop's exception handler was called: ${reported.map((r) => `${r.message}: ${String(r.exception)}`).join("; ")}`,
    );
  return { result, ctx };
}

/** `it(name, function* () { … })`: a coroutine test on a fresh VirtualTimeLoop. */
export function itCo(
  name: string,
  body: (ctx: CoroutineTestContext) => Coroutine<unknown>,
  options?: TestOptions,
): void {
  it(name, options ?? {}, async () => {
    await runVirtual(body);
  });
}
