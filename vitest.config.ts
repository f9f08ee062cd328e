import { defineConfig } from "vitest/config";
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

export default defineConfig({
  test: {
    projects: ["packages/*", "scripts/vitest.config.ts"],
    reporters: ["default", new TotalsReporter()],
  },
});
