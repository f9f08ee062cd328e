// Bundles countdown.ts for the browser with esbuild (into examples/browser/countdown.js).
import path from "node:path";
import { build } from "esbuild";

const here = path.dirname(new URL(import.meta.url).pathname);

export async function buildCountdown(outdir = here) {
  await build({
    entryPoints: [path.join(here, "countdown.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["@tsasyncio/source"],
    outdir,
    logLevel: "warning",
  });
  return path.join(outdir, "countdown.js");
}

if (import.meta.url === `file://${process.argv[1]}`) await buildCountdown();
