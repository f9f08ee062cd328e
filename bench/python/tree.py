"""tree_*: pyperformance's bm_async_tree (gather flavour), constants unchanged. One
AsyncTree per process, seeded once and reused by every repetition, as pyperf does.
Usage: python3 bench/python/tree.py <none|io|memoization|cpu_io_mixed> [--eager] [--uvloop]
"""
import asyncio
import math
import random
import time

from benchlib import ARGS, WORKLOADS, emit, measure, run

variant = ARGS["positional"][0]
row = f"tree_{variant}"
spec = WORKLOADS[row]
C = WORKLOADS["async_tree"]


class AsyncTree:
    def __init__(self):
        self.cache = {}
        self.io_calls = 0
        random.seed(C["random_seed"])

    async def mock_io_call(self):
        self.io_calls += 1
        await asyncio.sleep(C["io_sleep_s"])

    async def memoization(self):
        data = random.randint(1, 100)
        if data <= C["memoizable_percentage"]:
            if self.cache.get(data):
                return data
            self.cache[data] = True
        await self.mock_io_call()
        return data

    async def workload_func(self):
        if variant == "none":
            return
        if variant == "io":
            return await self.mock_io_call()
        if variant == "memoization":
            return await self.memoization()
        if random.random() < C["cpu_probability"]:
            return math.factorial(C["factorial_n"])
        return await self.memoization()

    async def recurse(self, level):
        if level == 0:
            await self.workload_func()
            return
        await asyncio.gather(*[self.recurse(level - 1) for _ in range(C["branches"])])

    async def run(self):
        if ARGS["eager"]:
            asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
        t0 = time.perf_counter()
        await self.recurse(C["levels"])
        return (time.perf_counter() - t0) * 1000


tree = AsyncTree()
first_io_calls = []


def once(_):
    ms = run(tree.run())
    if not first_io_calls:
        first_io_calls.append(tree.io_calls)
    return ms


result = measure(spec, once)
emit({f"{row}_eager" if ARGS["eager"] else row: result}, check={"ioCalls": first_io_calls[0]})
