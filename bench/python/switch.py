"""switch: 1000 tasks x 200 sleep(0) = 200k task switches."""
import asyncio
import time

from benchlib import WORKLOADS, check, emit, measure, run

spec = WORKLOADS["switch"]
switches = 0


async def worker():
    global switches
    for _ in range(spec["switches"]):
        await asyncio.sleep(0)
        switches += 1


async def main():
    global switches
    switches = 0
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(worker()) for _ in range(spec["tasks"])]
    for t in tasks:
        await t
    elapsed = time.perf_counter() - t0
    total = spec["tasks"] * spec["switches"]
    check(switches == total, "every switch happened")
    return total / elapsed


emit({"switch": measure(spec, lambda _: run(main()))})
