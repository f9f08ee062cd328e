"""spawn_gather: create 100k tasks; each awaits sleep(0) once and returns i; gather all."""
import asyncio
import time

from benchlib import WORKLOADS, check, emit, measure, run

spec = WORKLOADS["spawn_gather"]
n = spec["tasks"]


async def child(i):
    await asyncio.sleep(0)
    return i


async def main():
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(child(i)) for i in range(n)]
    results = await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - t0
    check(len(results) == n and results[-1] == n - 1, "gather returned the results")
    return n / elapsed


emit({"spawn_gather": measure(spec, lambda _: run(main()))})
