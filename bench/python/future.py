"""future: create a Future, add a done callback, set its result, run the callback."""
import asyncio
import time

from benchlib import WORKLOADS, check, emit, measure, run

spec = WORKLOADS["future"]
n = spec["ops"]
state = {"called": 0}


def cb(_fut):
    state["called"] += 1


async def main():
    loop = asyncio.get_running_loop()
    state["called"] = 0
    t0 = time.perf_counter()
    for i in range(n):
        f = loop.create_future()
        f.add_done_callback(cb)
        f.set_result(i)
    await asyncio.sleep(0)  # the callbacks were scheduled first: they have all run
    elapsed = time.perf_counter() - t0
    check(state["called"] == n, "every callback ran")
    return n / elapsed


emit({"future": measure(spec, lambda _: run(main()))})
