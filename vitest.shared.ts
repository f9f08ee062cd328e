import { defineConfig } from "vitest/config";

// Tests import workspace packages from src/ through the "@tsasyncio/source" export
// condition. Setting conditions replaces Vite's defaults, so the defaults are repeated
// (STYLE.md gotcha 9: ssr.resolve.conditions is what Node-environment tests read).
const conditions = ["@tsasyncio/source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ["test/**/*.test.ts"],
    execArgv: ["--expose-gc"],
    passWithNoTests: true,
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "test/tsconfig.json" },
  },
});
