// Checks bench/lib/py-random.js against CPython: the async_tree workloads need the same
// random draws on every side. Compares a mixed sequence of random() and randint(1, 100)
// after random.seed(0) with python3's (when python3 is available) and always with the
// first draws recorded from CPython 3.11. Exits 1 on a mismatch.
// Usage: node bench/check-random.js [--python PATH]
import { spawnSync } from "node:child_process";
import { PyRandom } from "./lib/py-random.js";

const COUNT = 3000;
// random.seed(0); [random.random() for _ in range(3)] and then randint(1, 100) twice.
const RECORDED = [0.8444218515250481, 0.7579544029403025, 0.420571580830845, 34, 66];

function jsDraws(count) {
  const r = new PyRandom(0);
  const out = [];
  for (let i = 0; i < count; i++) out.push(i % 3 === 2 ? r.randint(1, 100) : r.random());
  return out;
}

const argv = process.argv.slice(2);
const pyIndex = argv.indexOf("--python");
const python = pyIndex >= 0 ? argv[pyIndex + 1] : "python3";
let failures = 0;

const first = new PyRandom(0);
const firstDraws = [first.random(), first.random(), first.random()];
firstDraws.push(first.randint(1, 100), first.randint(1, 100));
if (firstDraws.some((v, i) => v !== RECORDED[i])) {
  console.error(`check-random: first draws ${firstDraws.join(", ")} != ${RECORDED.join(", ")}`);
  failures++;
}

const script = [
  "import random, sys",
  "random.seed(0)",
  `n = ${COUNT}`,
  "print('\\n'.join(repr(random.randint(1, 100) if i % 3 == 2 else random.random()) for i in range(n)))",
].join("\n");
const py = spawnSync(python, ["-c", script], { encoding: "utf8" });
if (py.error || py.status !== 0) {
  console.log(
    `check-random: ${python} not available; checked the ${RECORDED.length} recorded draws only`,
  );
} else {
  const expected = py.stdout.trim().split("\n").map(Number);
  const got = jsDraws(COUNT);
  const bad = got.findIndex((v, i) => v !== expected[i]);
  if (expected.length !== COUNT || bad >= 0) {
    console.error(`check-random: draw #${bad} differs: JS ${got[bad]}, CPython ${expected[bad]}`);
    failures++;
  } else {
    console.log(`check-random: ${COUNT} draws of random()/randint(1, 100) match ${python}`);
  }
}
process.exit(failures > 0 ? 1 : 0);
