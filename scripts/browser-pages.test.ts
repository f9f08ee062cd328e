// Pages in headless Chromium (Debian's package, driven by playwright-core): the countdown
// example (click Cancel, the task's `finally` runs) and the generated docs site (the index
// and a guide load with no console errors).
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- a plain JavaScript module
import { buildCountdown } from "../examples/browser/build.js";

const root = path.resolve(import.meta.dirname, "..");
const executablePath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const haveChromium = fs.existsSync(executablePath);

let browser: Browser;

beforeAll(async () => {
  if (!haveChromium) return;
  browser = await chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--allow-file-access-from-files",
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  return { page, errors };
}

describe.skipIf(!haveChromium && !process.env["CI"])("in headless Chromium", () => {
  it(
    "the countdown example: Cancel cancels the task and its finally runs",
    { timeout: 60_000 },
    async () => {
      await buildCountdown();
      const url = `file://${path.join(root, "examples/browser/index.html")}?step=0.05`;
      const { page, errors } = await open(url);
      await page.waitForFunction(
        () => document.getElementById("status")?.textContent === "counting",
      );
      await page.waitForFunction(() => Number(document.getElementById("count")?.textContent) <= 8);
      await page.click("#cancel");
      await page.waitForFunction(() =>
        document.getElementById("status")?.textContent?.includes("finally ran"),
      );
      expect(await page.textContent("#status")).toBe("cancelled, finally ran");
      expect(Number(await page.textContent("#count"))).toBeGreaterThan(0);
      expect(await page.isDisabled("#cancel")).toBe(true);
      expect(errors).toEqual([]);
    },
  );

  it(
    "the docs site: the index and a guide load with no console errors",
    { timeout: 60_000 },
    async () => {
      const site = path.join(root, "docs/site");
      expect(
        fs.existsSync(path.join(site, "index.html")),
        "build the docs first: pnpm build:docs",
      ).toBe(true);
      // The site opens on the Getting started guide.
      const index = await open(`file://${path.join(site, "index.html")}`);
      expect(await index.page.title()).toContain("tsasyncio");
      expect(
        await index.page.locator("h1, h2", { hasText: "Getting started" }).count(),
      ).toBeGreaterThan(0);
      const guide = fs
        .readdirSync(path.join(site, "documents"))
        .find((f) => f.includes("Coming_from_Python"));
      expect(guide).toBeDefined();
      const page = await open(`file://${path.join(site, "documents", guide!)}`);
      expect(
        await page.page.locator("h1, h2", { hasText: "Coming from Python" }).count(),
      ).toBeGreaterThan(0);
      expect([...index.errors, ...page.errors]).toEqual([]);
    },
  );
});
