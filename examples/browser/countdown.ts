// A countdown in the browser: a Task sleeps one second per step; the Cancel button cancels
// it, and the CancelledError arrives at the very `yield* sleep(…)` it waits at, so the
// `finally` block runs. Build: `node examples/browser/build.js` (esbuild), then open
// examples/browser/index.html.
import { CancelledError, createTask, run, sleep } from "tsasyncio";

const count = document.getElementById("count") as HTMLElement;
const status = document.getElementById("status") as HTMLElement;
const button = document.getElementById("cancel") as HTMLButtonElement;
const step = Number(new URLSearchParams(location.search).get("step") ?? "1");

function* countdown(from: number) {
  try {
    for (let n = from; n > 0; n--) {
      count.textContent = String(n);
      yield* sleep(step);
    }
    count.textContent = "liftoff";
    status.textContent = "done";
  } catch (e) {
    status.textContent = e instanceof CancelledError ? "cancelled" : `failed: ${String(e)}`;
    throw e;
  } finally {
    status.textContent += ", finally ran";
    button.disabled = true;
  }
}

function* main() {
  const task = createTask(countdown(10), { name: "countdown" });
  button.addEventListener("click", () => task.cancel("Cancel clicked"));
  status.textContent = "counting";
  try {
    yield* task;
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
  }
}

await run(main());
