// The @tsasyncio/futures test suite (ported from Lib/test/test_asyncio/test_futures.py),
// run again on the real loop: a VirtualTimeLoop, driven through runUntilComplete().
import { VirtualTimeLoop } from "@tsasyncio/loop";
import { defineFutureTests } from "../../futures/test/future-suite.js";

defineFutureTests(() => new VirtualTimeLoop());
