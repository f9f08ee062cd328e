"""memory: 100k tasks blocked on one Event; memory growth (tracemalloc, after
gc.collect()) per pending task."""
import asyncio
import gc
import tracemalloc

from benchlib import WORKLOADS, check, emit, measure, run

spec = WORKLOADS["memory"]
n = spec["tasks"]


async def waiter(ev):
    await ev.wait()


def traced_after_gc():
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


async def main():
    ev = asyncio.Event()
    tasks = [None] * n
    tracemalloc.start()
    before = traced_after_gc()
    for i in range(n):
        tasks[i] = asyncio.create_task(waiter(ev))
    await asyncio.sleep(0)  # every task has started and now waits on the Event
    after = traced_after_gc()
    tracemalloc.stop()
    check(not any(t.done() for t in tasks), "all tasks are pending")
    ev.set()
    for t in tasks:
        await t
    return (after - before) / n


emit({"memory": measure(spec, lambda _: run(main()))})
