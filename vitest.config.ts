import { existsSync } from "node:fs";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import type { Reporter, TestModule } from "vitest/node";

/** Prints the totals as "N passed, N failed, N skipped": the closing line CI reads. */
class TotalsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of modules) {
      if (module.state() === "failed" && module.children.size === 0) failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
    }
    console.log(`${String(passed)} passed, ${String(failed)} failed, ${String(skipped)} skipped`);
  }
}

// The portable layers also run in headless Chromium: Debian's chromium package driven by
// playwright-core (never a downloaded browser build). Set TSASYNCIO_BROWSER=0 to skip them.
const BROWSER_PACKAGES = ["futures", "loop", "tasks", "gather", "sync", "queues", "executors"];
const chromium = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const webConditions = ["@tsasyncio/source", "module", "browser", "development|production"];

const haveChromium = existsSync(chromium);
if (!haveChromium && process.env["TSASYNCIO_BROWSER"] !== "0") {
  if (process.env["CI"])
    throw new Error(`CI needs Chromium at ${chromium} (apt-get install chromium)`);
  console.warn(
    `Chromium not found at ${chromium}: browser tests skipped (apt-get install chromium)`,
  );
}

const browserProjects: TestProjectInlineConfiguration[] =
  process.env["TSASYNCIO_BROWSER"] === "0" || !haveChromium
    ? []
    : BROWSER_PACKAGES.map((pkg) => ({
        resolve: {
          conditions: webConditions,
          alias: {
            "node:util": new URL("./test-support/browser-util.ts", import.meta.url).pathname,
          },
        },
        ssr: { resolve: { conditions: webConditions } },
        test: {
          include: ["test/**/*.test.ts"],
          passWithNoTests: true,
          name: `${pkg} (chromium)`,
          root: `./packages/${pkg}`,
          // Node-only cases (gc, child processes, the file system) live in *.node.test.ts.
          exclude: ["test/**/*.node.test.ts"],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: {
                executablePath: chromium,
                args: [
                  "--no-sandbox",
                  "--disable-gpu",
                  "--disable-quic",
                  "--no-first-run",
                  "--disable-background-networking",
                  "--disable-component-update",
                  "--disable-sync",
                  "--js-flags=--expose-gc",
                ],
              },
            }),
            instances: [{ browser: "chromium" }],
          },
        },
      }));

export default defineConfig({
  test: {
    projects: ["packages/*", "scripts/vitest.config.ts", ...browserProjects],
    reporters: ["default", new TotalsReporter()],
  },
});
