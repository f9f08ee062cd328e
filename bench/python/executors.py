"""executors: loop.run_in_executor on the default ThreadPoolExecutor (bench/executors.js).

Rows (each repetition in a fresh asyncio.run(), so a fresh default executor):
  executor_first      ms from the first run_in_executor of a loop to its result (thread start)
  executor_roundtrip  us per job: ROUNDTRIPS trivial jobs one after the other, pool warm
  executor_throughput jobs/s: JOBS small jobs submitted at once, gathered, pool warm
Sizes must match bench/executors.js. Prints one JSON line: {"rows": {...}}.
"""
import os
import sys

# This folder's queue.py (the "queue" workload) would shadow the standard library's queue
# module, which concurrent.futures.thread imports: load the executor machinery first.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]
import asyncio  # noqa: E402
import concurrent.futures.thread  # noqa: E402,F401
import statistics  # noqa: E402
import time  # noqa: E402

sys.path.insert(0, _here)
from benchlib import check, emit  # noqa: E402

ROUNDTRIPS = 200
JOBS = 1000
WARMUP = 1
REPS = 5
for i, a in enumerate(sys.argv):
    if a == "--reps":
        REPS = max(1, int(sys.argv[i + 1]))


def trivial():
    return 0


def small(i):
    return i * 2


async def once():
    loop = asyncio.get_running_loop()
    t0 = time.perf_counter()
    await loop.run_in_executor(None, trivial)
    first = (time.perf_counter() - t0) * 1e3
    # Warm the pool: as many jobs at once as it has threads.
    await asyncio.gather(*[loop.run_in_executor(None, trivial) for _ in range(32)])
    t0 = time.perf_counter()
    for _ in range(ROUNDTRIPS):
        await loop.run_in_executor(None, trivial)
    roundtrip = (time.perf_counter() - t0) * 1e6 / ROUNDTRIPS
    t0 = time.perf_counter()
    results = await asyncio.gather(*[loop.run_in_executor(None, small, i) for i in range(JOBS)])
    throughput = JOBS / (time.perf_counter() - t0)
    check(results[-1] == (JOBS - 1) * 2, "every job returned its result")
    return first, roundtrip, throughput


def row(figures):
    return {"cold": figures[0], "warm": statistics.median(figures[WARMUP:]), "all": figures}


runs = [asyncio.run(once()) for _ in range(WARMUP + REPS)]
emit(
    {
        "executor_first": row([r[0] for r in runs]),
        "executor_roundtrip": row([r[1] for r in runs]),
        "executor_throughput": row([r[2] for r in runs]),
    },
    threads=min(32, (os.cpu_count() or 1) + 4),
)
