// The program every worker thread runs (CPython's _worker loop in
// Lib/concurrent/futures/thread.py, one job at a time). It is plain JavaScript kept as a
// string: a Node worker runs it with `eval: true` and a browser from a Blob URL, so the
// pool needs no separate file (and works the same from src/ under vitest and from dist/).
// It carries no comments, since a string is shipped as is by minifiers; the notes are here:
// - Protocol. In: { id, name, args, source? | module?, context? }. Out: { id, ok: true,
//   value } or { id, ok: false, error }, where error is a SerializedError (errors.ts) or
//   { thrown } for a non-Error value.
// - A function's text is compiled with indirect eval, in the global scope: it sees the
//   worker's globals, never this program's variables. Its own name is bound, as a
//   declaration would bind it, so a recursive arrow function (const fib = (n) => …
//   fib(n - 1)) is self-contained too. A method in shorthand form ("fib(n) { … }") is not
//   an expression on its own: it is read from an object literal. A sourceURL comment makes
//   the job's stack frames read "at fib (worker-job:fib:2:15)". Compiled functions are
//   cached by name and text (256 at most).
// - A ReferenceError of a function sent as text gets an explanation: it lost the scope it
//   was written in; the module form is shown.
// - The caller's context variables (toThread) are the global threadContext, a Map from
//   name to value, for the duration of the job.

export const WORKER_SOURCE = String.raw`(function () {
  "use strict";
  var post, listen;
  var wt = null;
  if (typeof process === "object" && process !== null && typeof require === "function") {
    try { wt = require("node:worker_threads"); } catch (e) { wt = null; }
  }
  if (wt !== null && wt.parentPort !== null) {
    post = function (m) { wt.parentPort.postMessage(m); };
    listen = function (f) { wt.parentPort.on("message", f); };
  } else {
    post = function (m) { self.postMessage(m); };
    listen = function (f) { self.onmessage = function (e) { f(e.data); }; };
  }

  var globalEval = eval;
  var compiled = new Map();
  function evaluate(name, expression) {
    var where = "\n//# sourceURL=worker-job:" + (name || "anonymous");
    if (/^[A-Za-z_$][\w$]*$/.test(name)) {
      try {
        return globalEval('"use strict";(function () { const ' + name + " = (" + expression +
          "\n); return " + name + "; })()" + where);
      } catch (e) {
        if (!(e instanceof SyntaxError)) throw e;
      }
    }
    return globalEval('"use strict";(' + expression + "\n)" + where);
  }
  function compile(name, source) {
    var key = name + "\u0000" + source;
    var fn = compiled.get(key);
    if (fn !== undefined) return fn;
    try {
      fn = evaluate(name, source);
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      fn = evaluate(name, "({" + source + "\n})[" + JSON.stringify(name) + "]");
    }
    if (typeof fn !== "function") throw new TypeError("the text sent to the worker is not a function");
    if (compiled.size >= 256) compiled.delete(compiled.keys().next().value);
    compiled.set(key, fn);
    return fn;
  }

  function resolve(msg) {
    if (msg.source !== undefined) return Promise.resolve(compile(msg.name, msg.source));
    return import(msg.module).then(function (ns) {
      var fn = ns[msg.name];
      if (typeof fn !== "function") {
        var names = Object.keys(ns).filter(function (k) { return typeof ns[k] === "function"; });
        throw new TypeError("the module " + msg.module + " has no exported function named '" + msg.name +
          "' (its exported functions: " + (names.length ? names.join(", ") : "none") + ")");
      }
      return fn;
    });
  }

  function retitle(e, message) {
    var head = e.name + ": " + e.message;
    var stack = typeof e.stack === "string" ? e.stack : "";
    e.message = message;
    if (stack.indexOf(head) === 0) e.stack = e.name + ": " + message + stack.slice(head.length);
  }

  function explain(e, msg) {
    if (msg.source === undefined || !(e instanceof ReferenceError)) return e;
    var what = msg.name ? msg.name + "()" : "the function";
    retitle(e, e.message + ": " + what + " was sent to the worker as source text, so it " +
      "cannot use the variables, functions or imports of the module it was written in. Make it " +
      "self-contained (pass what it needs as arguments), or export it from a module and submit " +
      '{ module: new URL("./work.js", import.meta.url), name: "' + (msg.name || "fn") + '" }');
    return e;
  }

  function cloneable(v) {
    try { structuredClone(v); return true; } catch (e) { return false; }
  }

  function serialize(e, depth) {
    if (e === null || typeof e !== "object" || typeof e.message !== "string" ||
        !(e instanceof Error || typeof e.stack === "string")) {
      return { thrown: cloneable(e) ? e : String(e) };
    }
    var out = { name: String(e.name), message: e.message, props: {} };
    if (typeof e.stack === "string") out.stack = e.stack;
    Object.keys(e).forEach(function (k) {
      if (k === "cause" || k === "errors" || k === "name" || k === "message" || k === "stack") return;
      if (cloneable(e[k])) out.props[k] = e[k];
    });
    if (depth < 8 && "cause" in e) out.cause = serialize(e.cause, depth + 1);
    if (depth < 8 && Array.isArray(e.errors))
      out.errors = e.errors.map(function (x) { return serialize(x, depth + 1); });
    return out;
  }

  globalThis.threadContext = new Map();

  listen(function (msg) {
    var id = msg.id;
    resolve(msg).then(function (fn) {
      globalThis.threadContext = new Map(msg.context || []);
      return fn.apply(undefined, msg.args);
    }).then(function (value) {
      globalThis.threadContext = new Map();
      try {
        post({ id: id, ok: true, value: value });
      } catch (e) {
        var err = new TypeError("the result of " + (msg.name ? msg.name + "()" : "the function") + " could not be sent back from the " +
          "worker: " + e.message + " Return data that structured clone can copy (no functions, " +
          "symbols or class instances with behaviour).");
        post({ id: id, ok: false, error: serialize(err, 0) });
      }
    }, function (e) {
      globalThis.threadContext = new Map();
      post({ id: id, ok: false, error: serialize(explain(e, msg), 0) });
    });
  });
})();
`;
