// The facade wires the default executor (Node). CPython's loop makes a ThreadPoolExecutor the
// first time `run_in_executor(None, …)` needs one; the tsasyncio loop sits below the
// executors package, so importing `tsasyncio` leaves a factory in the realm instead:
// `loop.runInExecutor(null, …)` then works with no setup, as in Python. (Browsers: see
// wire-executor-web.ts.)
import { realm } from "@tsasyncio/futures/internal";
import { installDefaultExecutor } from "@tsasyncio/executors";

if (realm().defaultExecutorFactory == null) installDefaultExecutor();
