// Checks the layering of ARCHITECTURE.md: a package imports only the @tsasyncio packages it
// declares in package.json, which must be lower layers, and lists the same ones in its
// tsconfig references. Exits 1 with a list of violations. Run by the tests (scripts/).
import fs from "node:fs";
import path from "node:path";

const LAYERS = ["futures", "loop", "tasks", "gather", "sync", "queues", "executors", "tsasyncio"];
const RANK = {
  futures: 0,
  loop: 1,
  tasks: 2,
  gather: 3,
  sync: 3,
  queues: 3,
  executors: 3,
  tsasyncio: 9,
};

export function checkLayers(root) {
  const problems = [];
  for (const dir of fs.readdirSync(path.join(root, "packages"))) {
    const pkgDir = path.join(root, "packages", dir);
    const pj = path.join(pkgDir, "package.json");
    if (!fs.existsSync(pj)) continue;
    const pkg = JSON.parse(fs.readFileSync(pj, "utf8"));
    const short = (n) => (n === "tsasyncio" ? "tsasyncio" : n.replace("@tsasyncio/", ""));
    const declared = new Set(
      Object.keys(pkg.dependencies ?? {})
        .filter((d) => d === "tsasyncio" || d.startsWith("@tsasyncio/"))
        .map(short),
    );
    const me = short(pkg.name);
    if (!LAYERS.includes(me) && RANK[me] === undefined) RANK[me] = 5; // a later side layer (executors, …)
    for (const d of declared)
      if ((RANK[d] ?? 5) >= RANK[me])
        problems.push(`${pkg.name} depends on ${d}, which is not a lower layer`);
    const tsconfig = JSON.parse(fs.readFileSync(path.join(pkgDir, "tsconfig.json"), "utf8"));
    const refs = new Set((tsconfig.references ?? []).map((r) => path.basename(r.path)));
    for (const d of declared)
      if (!refs.has(d)) problems.push(`${pkg.name}: tsconfig.json lacks a reference to ../${d}`);
    for (const r of refs)
      if (!declared.has(r))
        problems.push(
          `${pkg.name}: tsconfig.json references ../${r}, which package.json does not declare`,
        );
    const walk = (d) =>
      fs
        .readdirSync(d, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const file of walk(path.join(pkgDir, "src")).filter((f) => f.endsWith(".ts"))) {
      // Real import/export statements start a line; doc-comment examples start with " * ".
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(
        /^(?:import|export)\b[^;]*?from\s*["']((?:@tsasyncio\/[a-z-]+)|tsasyncio)(?:\/[^"']*)?["']/gm,
      )) {
        const dep = short(m[1]);
        if (dep !== me && !declared.has(dep))
          problems.push(
            `${path.relative(root, file)} imports ${m[1]}, which ${pkg.name} does not declare`,
          );
      }
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = checkLayers(path.resolve(path.dirname(new URL(import.meta.url).pathname), ".."));
  for (const p of problems) console.error(p);
  process.exit(problems.length ? 1 : 0);
}
