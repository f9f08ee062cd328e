"""call_soon: a chain of 200k callbacks, each scheduling the next with loop.call_soon."""
import asyncio
import time

from benchlib import WORKLOADS, emit, measure, run

spec = WORKLOADS["call_soon"]
n = spec["callbacks"]


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    left = n

    def step():
        nonlocal left
        left -= 1
        if left == 0:
            done.set_result(None)
        else:
            loop.call_soon(step)

    t0 = time.perf_counter()
    loop.call_soon(step)
    await done
    return n / (time.perf_counter() - t0)


emit({"call_soon": measure(spec, lambda _: run(main()))})
