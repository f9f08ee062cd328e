"""lock: 100 tasks x 1000 acquisitions of one Lock, sleep(0) inside the critical
section; asserts mutual exclusion."""
import asyncio
import time

from benchlib import WORKLOADS, check, emit, measure, run

spec = WORKLOADS["lock"]
state = {"inside": 0, "violations": 0, "acquisitions": 0}


async def worker(lock):
    for _ in range(spec["acquisitions"]):
        await lock.acquire()
        try:
            state["inside"] += 1
            if state["inside"] != 1:
                state["violations"] += 1
            state["acquisitions"] += 1
            await asyncio.sleep(0)
            state["inside"] -= 1
        finally:
            lock.release()


async def main():
    lock = asyncio.Lock()
    state["acquisitions"] = 0
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(worker(lock)) for _ in range(spec["tasks"])]
    for t in tasks:
        await t
    elapsed = time.perf_counter() - t0
    total = spec["tasks"] * spec["acquisitions"]
    check(state["violations"] == 0 and state["acquisitions"] == total, "mutual exclusion held")
    return total / elapsed


emit({"lock": measure(spec, lambda _: run(main()))})
