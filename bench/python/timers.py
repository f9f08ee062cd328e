"""timers: 200k call_later with delays spread over 0-50 ms, cancel every other one, wait
for the rest. Figure: wall time from the first call_later to the last callback, per timer."""
import asyncio
import time

from benchlib import WORKLOADS, check, emit, measure, run

spec = WORKLOADS["timers"]
n = spec["timers"]


def delay(i):
    # A permutation of 0..n-1 (7919 is prime and does not divide n): scrambled delays.
    return ((i * 7919) % n) / n * (spec["max_delay_ms"] / 1000)


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    expected = n - n // 2
    state = {"remaining": expected, "fired": 0}

    def cb():
        state["fired"] += 1
        state["remaining"] -= 1
        if state["remaining"] == 0:
            done.set_result(None)

    t0 = time.perf_counter()
    for i in range(n):
        h = loop.call_later(delay(i), cb)
        if i % 2 == 1:
            h.cancel()
    await done
    elapsed = time.perf_counter() - t0
    check(state["fired"] == expected, "only the uncancelled timers fired")
    return elapsed * 1e9 / n


emit({"timers": measure(spec, lambda _: run(main()))})
