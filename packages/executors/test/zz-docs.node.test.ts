import fs from "node:fs";
import path from "node:path";
import { format } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { collectExamples } from "../../../scripts/doc-examples.js";

const root = path.resolve(import.meta.dirname, "../../..");
const tmp = path.join(import.meta.dirname, ".zz-tmp");
fs.mkdirSync(tmp, { recursive: true });
const examples = collectExamples(root).filter((e) => e.where.startsWith("packages/executors"));
describe("examples", () => {
  examples.forEach((ex, i) => {
    it(ex.where, { timeout: 20000 }, async () => {
      const file = path.join(tmp, `ex-${i}.ts`);
      fs.writeFileSync(file, ex.code.replace(/from "tsasyncio"/g, 'from "../zz-shim.js"') + "\nexport {};\n");
      const lines: string[] = [];
      const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => { lines.push(...format(...args).split("\n")); });
      try { await import(/* @vite-ignore */ file); } finally { spy.mockRestore(); }
      expect(lines.map((l) => l.trimEnd())).toEqual(ex.expected);
    });
  });
});
