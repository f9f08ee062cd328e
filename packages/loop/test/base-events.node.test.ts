// The case of Lib/test/test_asyncio/test_base_events.py (3.13) BaseEventLoopTests that
// needs Node's process.env: browsers have no environment variables (there the loop's debug
// mode is turned on with setDebug(true) only). The other cases are in base-events.test.ts.
import { describe, expect, it } from "vitest";
import { newEventLoop } from "../src/index.js";

describe("BaseEventLoopTests", () => {
  it("test_env_var_debug", () => {
    const saved = process.env["TSASYNCIO_DEBUG"];
    const check = (value: string | undefined): boolean => {
      if (value === undefined) delete process.env["TSASYNCIO_DEBUG"];
      else process.env["TSASYNCIO_DEBUG"] = value;
      const l = newEventLoop();
      try {
        return l.getDebug();
      } finally {
        l.close();
      }
    };
    try {
      expect(check(undefined)).toBe(false);
      expect(check("")).toBe(false);
      expect(check("1")).toBe(true);
      // "0" turns it off (CPython's PYTHONASYNCIODEBUG takes any non-empty string)
      expect(check("0")).toBe(false);
    } finally {
      if (saved === undefined) delete process.env["TSASYNCIO_DEBUG"];
      else process.env["TSASYNCIO_DEBUG"] = saved;
    }
  });
});
