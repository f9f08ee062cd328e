// Python's time.strftime('%X') for the tutorial's "started at"/"finished at" lines, read
// from the running loop's clock so the same program shows virtual time on a VirtualTimeLoop.
import { getRunningLoop, type AbstractEventLoop } from "tsasyncio";

const origins = new WeakMap<AbstractEventLoop, number>();

export function strftimeX(): string {
  const loop = getRunningLoop();
  let origin = origins.get(loop);
  if (origin === undefined) {
    origin = Date.now() - loop.time() * 1000;
    origins.set(loop, origin);
  }
  const d = new Date(origin + loop.time() * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
