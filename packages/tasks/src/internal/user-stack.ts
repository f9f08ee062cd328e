// Where user code created a Task, for debug mode: the stack captured in the Task's
// constructor without tsasyncio's own frames, so that reprs ("created at …") and reports
// point at the caller. CPython drops its own frame from `_source_traceback` the same way
// (Lib/asyncio/tasks.py, Task.__init__).

function normalize(location: string): string {
  let s = location;
  try {
    s = decodeURI(s);
  } catch {
    // keep it encoded
  }
  s = s.replace(/\\/g, "/");
  if (s.startsWith("file://")) s = s.slice("file://".length);
  if (/^\/[A-Za-z]:\//.test(s)) s = s.slice(1);
  return s;
}

// This file is <root>/<package>/(src|dist)/internal/user-stack.(ts|js), and every tsasyncio
// package sits in <root>: packages/ in the repository, node_modules/@tsasyncio/ once
// installed. OWN_DIR is this package's src/ (or dist/), in case the layout is another one
// (a dev server's URLs).
const [ROOT, OWN_DIR] = ((): [string | null, string | null] => {
  try {
    const parts = normalize(import.meta.url).split("/");
    if (parts.length <= 4) return [null, null];
    return [`${parts.slice(0, -4).join("/")}/`, `${parts.slice(0, -2).join("/")}/`];
  } catch {
    return [null, null];
  }
})();

/** The file of a stack line (V8: `at fn (file:1:2)` or `at file:1:2`; Firefox: `fn@file:1:2`). */
function frameFile(line: string): string | null {
  const m =
    /\((.*):\d+:\d+\)\s*$/.exec(line) ??
    /^\s*at (?:async )?(.*):\d+:\d+\s*$/.exec(line) ??
    /@(.*):\d+:\d+\s*$/.exec(line);
  return m?.[1] ?? null;
}

/** Whether a stack line belongs to tsasyncio itself, or to the engine (`node:`, native). */
function isOwnFrame(line: string): boolean {
  const file = frameFile(line);
  if (file === null) return true; // `at g.next (<anonymous>)` and the like
  if (file.startsWith("node:")) return true;
  const path = normalize(file);
  if (OWN_DIR !== null && path.startsWith(OWN_DIR)) return true;
  if (ROOT === null) return false;
  return path.startsWith(ROOT) && /^[^/]+\/(?:src|dist)\//.test(path.slice(ROOT.length));
}

/**
 * @internal The current stack from the first frame of user code on (the whole stack if
 * none is found), without the `Error` header line; `undefined` where stacks are unavailable.
 */
export function userStack(): string | undefined {
  const stack = new Error().stack;
  if (stack === undefined) return undefined;
  const lines = stack.split("\n");
  if (lines[0] !== undefined && !/^\s*at /.test(lines[0]) && !lines[0].includes("@")) lines.shift();
  const first = lines.findIndex((l) => !isOwnFrame(l));
  return (first === -1 ? lines : lines.slice(first)).join("\n");
}
