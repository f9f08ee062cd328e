import { defineConfig } from "vitest/config";

const conditions = ["@tsasyncio/source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    name: "repo",
    root: import.meta.dirname,
    include: ["*.test.ts"],
    execArgv: ["--expose-gc"],
  },
});
