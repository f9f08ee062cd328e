// The program every worker thread runs (CPython's _worker loop in
// Lib/concurrent/futures/thread.py, one job at a time). It is plain JavaScript kept as a
// string: a Node worker runs it with `eval: true` and a browser from a Blob URL, so the
// pool needs no separate file (and works the same from src/ under vitest and from dist/).
// It carries no comments, since a string is shipped as is by minifiers; the notes are here:
// - Protocol. In: first { init: { cells, spin } }, then arrays of jobs, each
//   { id, cell, name, args, source? | module?, context? }. Out, one message per job, posted
//   before the next job starts: { id, ok: true, value, time } or { id, ok: false, error,
//   time }, where error is a SerializedError (errors.ts) or { thrown } for a non-Error
//   value and time is how long the function ran in ms (not counting its compilation or
//   its module's import); or { id, skipped: true } for a job the
//   pool took back before it started.
// - Cells (job-cells.ts): with a SharedArrayBuffer, each job has a cell. The worker starts
//   a job only if it moves the cell from QUEUED to STARTED (the pool pre-sets STARTED for
//   the job it sends to an idle worker); a cell the pool set to TAKEN (cancelled, or given
//   to another worker) is skipped. DONE is set before the reply is posted, so that after a
//   crash the pool knows which job's reply is still on its way. Jobs run in the order
//   they arrive, one at a time.
// - Spin (Node only): after its last queued job the worker polls its port for up to
//   `spin` ms (receiveMessageOnPort) before it sleeps, so that a job sent right after a
//   reply does not pay for waking a sleeping thread. A spin that finds nothing, or that
//   the OS interrupted to run another thread (a gap of over 20 µs between two polls: the
//   CPUs are oversubscribed, and spinning would take one from the thread that is to send
//   the next job), makes the worker skip the next 1, 2, 4, … 64 spins, so an idle or
//   overloaded pool does not burn CPU.
// - A function's text is compiled with indirect eval, in the global scope: it sees the
//   worker's globals, never this program's variables. Its own name is bound, as a
//   declaration would bind it, so a recursive arrow function (const fib = (n) => …
//   fib(n - 1)) is self-contained too. A method in shorthand form ("fib(n) { … }") is not
//   an expression on its own: it is read from an object literal. A sourceURL comment makes
//   the job's stack frames read "at fib (worker-job:fib:2:15)". Compiled functions are
//   cached by name and text (256 at most). A function sent as text runs synchronously in
//   the message handler; a module function once its module is imported.
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

  var receive = null;
  if (wt !== null && wt.parentPort !== null && typeof wt.receiveMessageOnPort === "function") {
    receive = function () {
      var r = wt.receiveMessageOnPort(wt.parentPort);
      return r === undefined ? undefined : r.message;
    };
  }
  var QUEUED = 1, STARTED = 2, DONE = 3;
  var cells = null;
  var spin = 0;
  var queue = [];
  var qhead = 0;
  var busy = false;
  var lastReply = 0;
  var skipSpins = 0;
  var backoff = 0;

  function finish(msg, reply) {
    globalThis.threadContext = new Map();
    if (cells !== null && msg.cell >= 0) Atomics.store(cells, msg.cell, DONE);
    post(reply);
    lastReply = performance.now();
  }

  function succeed(msg, value, t0) {
    var time = performance.now() - t0;
    try {
      finish(msg, { id: msg.id, ok: true, value: value, time: time });
    } catch (e) {
      var err = new TypeError("the result of " + (msg.name ? msg.name + "()" : "the function") + " could not be sent back from the " +
        "worker: " + e.message + " Return data that structured clone can copy (no functions, " +
        "symbols or class instances with behaviour).");
      post({ id: msg.id, ok: false, error: serialize(err, 0), time: time });
    }
  }

  function fail(msg, e, t0) {
    finish(msg, { id: msg.id, ok: false, error: serialize(explain(e, msg), 0), time: performance.now() - t0 });
  }

  function settleLater(msg, promise, timed) {
    promise.then(function (v) { succeed(msg, v, timed.t0); }, function (e) { fail(msg, e, timed.t0); })
      .then(function () { busy = false; drain(); });
  }

  function start(msg) {
    if (cells !== null && msg.cell >= 0) {
      var was = Atomics.compareExchange(cells, msg.cell, QUEUED, STARTED);
      if (was !== QUEUED && was !== STARTED) {
        post({ id: msg.id, skipped: true });
        return true;
      }
    }
    var t0 = performance.now();
    if (msg.source === undefined) {
      var timed = { t0: t0 };
      settleLater(msg, resolve(msg).then(function (fn) {
        globalThis.threadContext = new Map(msg.context || []);
        timed.t0 = performance.now();
        return fn.apply(undefined, msg.args);
      }), timed);
      return false;
    }
    var value;
    try {
      var fn = compile(msg.name, msg.source);
      globalThis.threadContext = new Map(msg.context || []);
      t0 = performance.now();
      value = fn.apply(undefined, msg.args);
    } catch (e) {
      fail(msg, e, t0);
      return true;
    }
    if (value !== null && (typeof value === "object" || typeof value === "function") &&
        typeof value.then === "function") {
      settleLater(msg, Promise.resolve(value), { t0: t0 });
      return false;
    }
    succeed(msg, value, t0);
    return true;
  }

  function take(m) {
    if (m.init !== undefined) {
      cells = m.init.cells || null;
      spin = receive !== null && typeof m.init.spin === "number" ? m.init.spin : 0;
      return;
    }
    for (var i = 0; i < m.length; i++) queue.push(m[i]);
  }

  function next() {
    if (qhead === queue.length && receive !== null) {
      var m = receive();
      if (m === undefined && spin > 0 && lastReply > 0) {
        if (skipSpins > 0) {
          skipSpins--;
        } else {
          var end = lastReply + spin;
          var now = performance.now();
          var before = now;
          while (now < end && now - before < 0.02) {
            m = receive();
            if (m !== undefined) break;
            before = now;
            now = performance.now();
          }
          if (m === undefined) {
            backoff = backoff === 0 ? 1 : Math.min(backoff * 2, 64);
            skipSpins = backoff;
          } else {
            backoff = 0;
          }
        }
      }
      if (m !== undefined) take(m);
    }
    if (qhead === queue.length) {
      queue = [];
      qhead = 0;
      return undefined;
    }
    var msg = queue[qhead];
    queue[qhead++] = undefined;
    return msg;
  }

  function drain() {
    for (;;) {
      var msg = next();
      if (msg === undefined) return;
      busy = true;
      if (!start(msg)) return;
      busy = false;
    }
  }

  listen(function (m) {
    take(m);
    if (!busy) drain();
  });
})();
`;
