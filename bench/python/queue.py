"""queue: one producer, one consumer, 200k items through Queue(100)."""
import asyncio
import time

from benchlib import WORKLOADS, check, emit, measure, run

spec = WORKLOADS["queue"]
n = spec["items"]


async def producer(q):
    for i in range(n):
        await q.put(i)


async def consumer(q):
    expected = 0
    for _ in range(n):
        if await q.get() == expected:
            expected += 1
    return expected


async def main():
    q = asyncio.Queue(spec["maxsize"])
    t0 = time.perf_counter()
    p = asyncio.create_task(producer(q))
    c = asyncio.create_task(consumer(q))
    await p
    got = await c
    elapsed = time.perf_counter() - t0
    check(got == n, "every item arrived, in order")
    return n / elapsed


emit({"queue": measure(spec, lambda _: run(main()))})
