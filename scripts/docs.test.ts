// Runs every documentation example (TSDoc @example and guide code blocks) against the
// sources, and compares what it prints with its `// prints:` comments: docs cannot rot.
import fs from "node:fs";
import path from "node:path";
import { format } from "node:util";
import { afterAll, describe, expect, it, vi } from "vitest";
import { collectExamples } from "./doc-examples.js";

const root = path.resolve(import.meta.dirname, "..");
// One folder per process, so that two runs at the same time never share files.
const tmp = path.join(import.meta.dirname, ".docs-tmp", String(process.pid));
fs.rmSync(tmp, { recursive: true, force: true });
fs.mkdirSync(tmp, { recursive: true });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const examples = collectExamples(root);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("documentation examples run and print what they say", () => {
  it("there are examples to check", () => {
    expect(examples.length).toBeGreaterThan(20);
  });
  examples.forEach((ex, i) => {
    it(ex.where, { timeout: 20_000 }, async () => {
      const file = path.join(tmp, `example-${String(i)}.ts`);
      fs.writeFileSync(file, `${ex.code}\nexport {};\n`);
      const lines: string[] = [];
      const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
        lines.push(...format(...args).split("\n"));
      });
      try {
        await import(/* @vite-ignore */ file);
      } finally {
        spy.mockRestore();
      }
      // "…" in a `// prints:` comment stands for any text (a timestamp, a path).
      const actual = lines.map((l) => l.trimEnd());
      const matches =
        actual.length === ex.expected.length &&
        ex.expected.every((e, j) =>
          new RegExp(`^${e.split("…").map(escape).join(".*")}$`).test(actual[j] ?? ""),
        );
      if (!matches) expect(actual).toEqual(ex.expected);
    });
  });
});
