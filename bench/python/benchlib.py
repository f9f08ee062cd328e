"""Shared by the CPython workload scripts (bench/python/*.py).

Reads bench/workloads.json, runs a workload's warm-up and measured repetitions in this
process (each repetition in a fresh event loop, timed inside the loop), and prints one
JSON line that bench/run.js reads: {"rows": {"<row>": {"cold": n, "warm": n}}}.
cold = the first repetition's figure, warm = the median of the measured ones.
Flags: --uvloop (use uvloop's loop), --eager (eager_task_factory, 3.12+),
--warmup N, --reps N.
"""

import asyncio
import json
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "workloads.json"), encoding="utf-8") as f:
    WORKLOADS = json.load(f)


def _parse(argv):
    args = {"uvloop": False, "eager": False, "warmup": None, "reps": None, "positional": []}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--uvloop":
            args["uvloop"] = True
        elif a == "--eager":
            args["eager"] = True
        elif a in ("--warmup", "--reps"):
            i += 1
            args[a[2:]] = int(argv[i])
        else:
            args["positional"].append(a)
        i += 1
    return args


ARGS = _parse(sys.argv[1:])


def emit(rows, **extra):
    print(json.dumps({"rows": rows, **extra}), flush=True)


def not_available(reason):
    print(json.dumps({"na": reason}), flush=True)
    sys.exit(0)


if ARGS["uvloop"]:
    try:
        import uvloop
    except ImportError:
        not_available("uvloop not installed")
if ARGS["eager"] and not hasattr(asyncio, "eager_task_factory"):
    not_available("eager tasks need Python 3.12+")


def run(coro):
    """asyncio.run(coro), on uvloop's loop with --uvloop."""
    if not ARGS["uvloop"]:
        return asyncio.run(coro)
    if sys.version_info >= (3, 11):
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            return runner.run(coro)
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    return asyncio.run(coro)


def measure(spec, once):
    """Runs once(i) spec warmup + reps times; returns {"cold": ..., "warm": ...}."""
    warmup = ARGS["warmup"] if ARGS["warmup"] is not None else spec["warmup"]
    reps = max(1, ARGS["reps"] if ARGS["reps"] is not None else spec["reps"])
    figures = [once(i) for i in range(warmup + reps)]
    return {"cold": figures[0], "warm": statistics.median(figures[warmup:]), "all": figures}


def check(condition, message):
    if not condition:
        raise AssertionError(f"workload check failed: {message}")
