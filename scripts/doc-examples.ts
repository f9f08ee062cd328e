// Extracts the runnable examples of the documentation: every TSDoc `@example` in
// packages/*/src and every ```ts block in docs/guides/*.md. Each is a complete ES module;
// its `// prints: …` comments are what console.log must print, in order.
import fs from "node:fs";
import path from "node:path";

export interface DocExample {
  /** Where it comes from: file:line. */
  where: string;
  code: string;
  expected: string[];
}

const FENCE = /```ts\n([\s\S]*?)```/g;

function expectedOf(code: string): string[] {
  const out: string[] = [];
  for (const line of code.split("\n")) {
    const m = /\/\/ prints: (.*)$/.exec(line);
    if (m) out.push((m[1] ?? "").trimEnd());
  }
  return out;
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

export function collectExamples(root: string): DocExample[] {
  const examples: DocExample[] = [];
  for (const pkg of fs.readdirSync(path.join(root, "packages"))) {
    const src = path.join(root, "packages", pkg, "src");
    if (!fs.existsSync(src)) continue;
    for (const file of walk(src).filter((f) => f.endsWith(".ts"))) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
        const comment = m[0];
        const at = comment.indexOf("@example");
        if (at < 0) continue;
        const body = comment
          .slice(at)
          .split("\n")
          .map((l) => l.replace(/^\s*\*(?: |$)/, ""))
          .join("\n");
        const line = text.slice(0, m.index).split("\n").length;
        for (const f of body.matchAll(FENCE)) {
          const code = f[1] ?? "";
          examples.push({
            where: `${path.relative(root, file)}:${line}`,
            code,
            expected: expectedOf(code),
          });
        }
      }
    }
  }
  // The READMEs' ```ts blocks run too (the root one and every package's).
  const readmes = [
    "README.md",
    ...fs.readdirSync(path.join(root, "packages")).map((p) => `packages/${p}/README.md`),
  ].filter((f) => fs.existsSync(path.join(root, f)));
  for (const file of readmes) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    for (const f of text.matchAll(FENCE)) {
      const code = f[1] ?? "";
      const line = text.slice(0, f.index).split("\n").length;
      examples.push({ where: `${file}:${line}`, code, expected: expectedOf(code) });
    }
  }
  const guides = path.join(root, "docs", "guides");
  if (fs.existsSync(guides)) {
    for (const file of fs.readdirSync(guides).filter((f) => f.endsWith(".md"))) {
      const text = fs.readFileSync(path.join(guides, file), "utf8");
      for (const f of text.matchAll(FENCE)) {
        const code = f[1] ?? "";
        const line = text.slice(0, f.index).split("\n").length;
        examples.push({ where: `docs/guides/${file}:${line}`, code, expected: expectedOf(code) });
      }
    }
  }
  return examples;
}
