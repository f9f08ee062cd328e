import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
const webConditions = ["@tsasyncio/source", "module", "browser", "development|production"];
export default defineConfig({
  resolve: { conditions: webConditions },
  ssr: { resolve: { conditions: webConditions } },
  test: {
    include: ["test/host-workers.test.ts", "test/misuse.test.ts"],
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({ launchOptions: { executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] } }),
      instances: [{ browser: "chromium" }],
    },
  },
});
