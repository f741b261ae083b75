// The driver API (docs/driver.md), run once in each driver realm before the
// test file. Go passes `n`, its natives; the function returns the exports
// of the "extsim" module, which are also set as globals.
(function (n) {
  "use strict";

  // ---- registry -------------------------------------------------------
  const root = { titles: [], hooks: { beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] }, use: {}, mode: "", parent: null, started: false };
  let current = root;
  const tests = [];

  function checkName(kind, name, fn) {
    if (typeof name !== "string") throw new TypeError(kind + ": the first argument must be the name (a string)");
    if (typeof fn !== "function") throw new TypeError(kind + "(" + JSON.stringify(name) + "): the second argument must be a function");
  }
  function addTest(mode, name, fn) {
    checkName("test", name, fn);
    tests.push({ titles: current.titles.concat([name]), fn: fn, mode: mode, suite: current, line: callerLine() });
  }
  function callerLine() {
    const stack = new Error().stack || "";
    const m = /\n\s*at [^\n]*?:(\d+):\d+/.exec(stack.split("\n").filter(function (l) { return l.indexOf("extsim:") < 0; }).join("\n"));
    return m ? Number(m[1]) : 0;
  }
  function addSuite(mode, name, fn) {
    checkName("describe", name, fn);
    const s = { titles: current.titles.concat([name]), hooks: { beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] }, use: {}, mode: mode || current.mode, parent: current, started: false };
    const outer = current;
    current = s;
    try { fn(); } finally { current = outer; }
  }
  function test(name, fn) { addTest("", name, fn); }
  test.skip = function (name, fn) { addTest("skip", name, fn); };
  test.only = function (name, fn) { addTest("only", name, fn); };
  test.use = function (opts) {
    if (opts === null || typeof opts !== "object") throw new TypeError("test.use: pass an object, e.g. {profile: \"firefox\"}");
    if (opts.profile !== undefined && opts.profile !== "chrome" && opts.profile !== "firefox") throw new TypeError("test.use: profile must be \"chrome\" or \"firefox\", got " + format(opts.profile));
    Object.assign(current.use, opts);
  };
  function describe(name, fn) { addSuite("", name, fn); }
  describe.skip = function (name, fn) { addSuite("skip", name, fn); };
  describe.only = function (name, fn) { addSuite("only", name, fn); };
  test.describe = describe;
  function hook(kind) {
    return function (fn) {
      if (typeof fn !== "function") throw new TypeError(kind + ": pass a function");
      current.hooks[kind].push(fn);
    };
  }
  const beforeAll = hook("beforeAll"), afterAll = hook("afterAll"), beforeEach = hook("beforeEach"), afterEach = hook("afterEach");
  test.beforeAll = beforeAll; test.afterAll = afterAll; test.beforeEach = beforeEach; test.afterEach = afterEach;

  function chain(s) { const out = []; for (; s; s = s.parent) out.unshift(s); return out; }
  function useOf(s) { const u = {}; chain(s).forEach(function (x) { Object.assign(u, x.use); }); return u; }

  // list describes the tests for Go: titles, mode (skip/only, inherited
  // from describe) and the pinned profile.
  function list() {
    return tests.map(function (t) {
      let mode = t.mode;
      chain(t.suite).forEach(function (s) { if (!mode && s.mode) mode = s.mode; if (s.mode === "skip") mode = "skip"; });
      return { titles: t.titles, mode: mode, profile: useOf(t.suite).profile || "", line: t.line };
    });
  }

  const started = [];
  async function run(i, fixtures) {
    const t = tests[i];
    const suites = chain(t.suite);
    for (const s of suites) {
      if (!s.started) {
        s.started = true;
        started.push(s);
        for (const h of s.hooks.beforeAll) await h();
      }
    }
    for (const s of suites) for (const h of s.hooks.beforeEach) await h(fixtures);
    let failure = null;
    try { await t.fn(fixtures); } catch (e) { failure = { e: e }; }
    for (const s of suites.slice().reverse()) {
      for (const h of s.hooks.afterEach) {
        try { await h(fixtures); } catch (e) { if (!failure) failure = { e: e }; }
      }
    }
    if (failure) throw failure.e;
  }
  async function finish() {
    for (const s of started.slice().reverse()) for (const h of s.hooks.afterAll) await h();
  }

  // ---- formatting -----------------------------------------------------
  function format(v, depth) {
    depth = depth || 0;
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v === "bigint") return v + "n";
    if (typeof v === "function") return "[Function " + (v.name || "anonymous") + "]";
    if (typeof v === "symbol") return v.toString();
    if (v === null || typeof v !== "object") return String(v);
    if (depth > 4) return Array.isArray(v) ? "[Array]" : "[Object]";
    if (v instanceof RegExp) return String(v);
    if (v instanceof Date) return "Date(" + (isNaN(v) ? "Invalid" : v.toISOString()) + ")";
    if (v instanceof Error) return v.name + ": " + v.message;
    if (Array.isArray(v)) return "[" + v.map(function (x) { return format(x, depth + 1); }).join(", ") + "]";
    if (v instanceof Map) return "Map {" + Array.from(v).map(function (kv) { return format(kv[0], depth + 1) + " => " + format(kv[1], depth + 1); }).join(", ") + "}";
    if (v instanceof Set) return "Set {" + Array.from(v).map(function (x) { return format(x, depth + 1); }).join(", ") + "}";
    const keys = Object.keys(v);
    const name = Object.getPrototypeOf(v) && Object.getPrototypeOf(v) !== Object.prototype && v.constructor && v.constructor.name ? v.constructor.name + " " : "";
    return name + "{" + keys.map(function (k) { return (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)) + ": " + format(v[k], depth + 1); }).join(", ") + "}";
  }

  // ---- equality -------------------------------------------------------
  function equals(a, b, strict, seen) {
    if (Object.is(a, b)) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    seen = seen || [];
    for (const p of seen) if (p[0] === a && p[1] === b) return true;
    seen.push([a, b]);
    if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
    if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b);
    if (a instanceof Error && b instanceof Error && a.message !== b.message) return false;
    if (a instanceof Map || b instanceof Map) {
      if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
      for (const [k, v] of a) if (!b.has(k) || !equals(v, b.get(k), strict, seen)) return false;
      return true;
    }
    if (a instanceof Set || b instanceof Set) {
      if (!(a instanceof Set && b instanceof Set) || a.size !== b.size) return false;
      for (const v of a) if (!b.has(v)) return false;
      return true;
    }
    const keep = function (o) { return Object.keys(o).filter(function (k) { return strict || o[k] !== undefined; }); };
    const ka = keep(a), kb = keep(b);
    if (ka.length !== kb.length) return false;
    if (Array.isArray(a) && a.length !== b.length) return false;
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
      if (!equals(a[k], b[k], strict, seen)) return false;
    }
    if (strict && Array.isArray(a)) for (let i = 0; i < a.length; i++) if ((i in a) !== (i in b)) return false;
    return true;
  }

  // ---- expect ---------------------------------------------------------
  class AssertionError extends Error {}
  AssertionError.prototype.name = "AssertionError";

  function fail(name, not, lines) {
    return new AssertionError("expect(received)." + (not ? "not." : "") + name + "\n\n" + lines.join("\n"));
  }

  const matchers = {
    toBe(r, e) { return [Object.is(r, e), ["Expected: " + (this.not ? "not " : "") + format(e), "Received: " + format(r)]]; },
    toEqual(r, e) { return [equals(r, e, false), ["Expected: " + (this.not ? "not " : "") + format(e), "Received: " + format(r)]]; },
    toStrictEqual(r, e) { return [equals(r, e, true), ["Expected: " + (this.not ? "not " : "") + format(e), "Received: " + format(r)]]; },
    toBeTruthy(r) { return [!!r, ["Received: " + format(r)]]; },
    toBeFalsy(r) { return [!r, ["Received: " + format(r)]]; },
    toBeUndefined(r) { return [r === undefined, ["Received: " + format(r)]]; },
    toBeDefined(r) { return [r !== undefined, ["Received: " + format(r)]]; },
    toBeNull(r) { return [r === null, ["Received: " + format(r)]]; },
    toBeNaN(r) { return [Number.isNaN(r), ["Received: " + format(r)]]; },
    toBeInstanceOf(r, c) { return [r instanceof c, ["Expected constructor: " + (c && c.name), "Received: " + format(r)]]; },
    toContain(r, e) {
      const ok = typeof r === "string" ? r.indexOf(String(e)) >= 0 : r != null && typeof r[Symbol.iterator] === "function" && Array.from(r).some(function (x) { return Object.is(x, e); });
      return [ok, ["Expected to " + (this.not ? "not " : "") + "contain: " + format(e), "Received: " + format(r)]];
    },
    toContainEqual(r, e) {
      const ok = r != null && typeof r[Symbol.iterator] === "function" && Array.from(r).some(function (x) { return equals(x, e, false); });
      return [ok, ["Expected to " + (this.not ? "not " : "") + "contain equal: " + format(e), "Received: " + format(r)]];
    },
    toMatch(r, e) {
      if (typeof r !== "string") return [false, ["Received value must be a string", "Received: " + format(r)]];
      const ok = e instanceof RegExp ? e.test(r) : r.indexOf(String(e)) >= 0;
      return [ok, ["Expected pattern: " + (this.not ? "not " : "") + format(e), "Received: " + format(r)]];
    },
    toHaveLength(r, e) {
      const len = r != null ? r.length : undefined;
      return [len === e, ["Expected length: " + (this.not ? "not " : "") + e, "Received length: " + len, "Received: " + format(r)]];
    },
    toHaveProperty(r, path, value) {
      const parts = Array.isArray(path) ? path : String(path).split(".");
      let o = r, ok = true;
      for (const p of parts) {
        if (o == null || !(typeof o === "object" || typeof o === "function") || !(p in o)) { ok = false; break; }
        o = o[p];
      }
      if (ok && arguments.length > 2) ok = equals(o, value, false);
      const lines = ["Expected path: " + format(path)];
      if (arguments.length > 2) lines.push("Expected value: " + (this.not ? "not " : "") + format(value));
      lines.push("Received: " + format(r));
      return [ok, lines];
    },
    toBeGreaterThan(r, e) { return [r > e, ["Expected: " + (this.not ? "not " : "") + "> " + format(e), "Received:   " + format(r)]]; },
    toBeGreaterThanOrEqual(r, e) { return [r >= e, ["Expected: " + (this.not ? "not " : "") + ">= " + format(e), "Received:    " + format(r)]]; },
    toBeLessThan(r, e) { return [r < e, ["Expected: " + (this.not ? "not " : "") + "< " + format(e), "Received:   " + format(r)]]; },
    toBeLessThanOrEqual(r, e) { return [r <= e, ["Expected: " + (this.not ? "not " : "") + "<= " + format(e), "Received:    " + format(r)]]; },
    toBeCloseTo(r, e, digits) { digits = digits === undefined ? 2 : digits; return [Math.abs(e - r) < Math.pow(10, -digits) / 2, ["Expected: " + (this.not ? "not " : "") + format(e) + " (" + digits + " digits)", "Received: " + format(r)]]; },
    toThrow(r, e) {
      if (typeof r !== "function" && !this.promised) return [false, ["Received value must be a function", "Received: " + format(r)]];
      let threw = false, err;
      if (this.promised) { threw = true; err = r; } else {
        try { r(); } catch (x) { threw = true; err = x; }
      }
      let ok = threw;
      const msg = err instanceof Error ? err.message : String(err);
      if (threw && e !== undefined) {
        if (e instanceof RegExp) ok = e.test(msg);
        else if (typeof e === "string") ok = msg.indexOf(e) >= 0;
        else if (typeof e === "function") ok = err instanceof e;
        else if (e instanceof Error) ok = msg === e.message;
      }
      const lines = [];
      if (e !== undefined) lines.push("Expected: " + (this.not ? "not " : "") + format(e));
      lines.push(threw ? "Thrown: " + format(err) : "Received function did not throw");
      return [ok, lines];
    },
  };

  // located gives an error (or the errors a function throws) the stack of
  // the expect call: after an await, the stack no longer reaches the test.
  function located(x, at) {
    if (typeof x !== "function") { try { Object.defineProperty(x, "stack", { value: at, configurable: true }); } catch (_) { /* frozen */ } return x; }
    return function (v) { try { return x(v); } catch (e) { throw located(e, at); } };
  }

  function makeExpect(received, flags) {
    const out = {};
    for (const name of Object.keys(matchers)) {
      out[name] = function () {
        const args = Array.prototype.slice.call(arguments);
        const check = function (r) {
          const self = { not: flags.not, promised: flags.promised };
          const res = matchers[name].apply(self, [r].concat(args));
          if (res[0] === flags.not) {
            const prefix = flags.promised ? "expect(received)." + flags.promised + "." : "";
            const err = fail(name, flags.not, res[1]);
            if (prefix) err.message = err.message.replace("expect(received).", prefix);
            throw err;
          }
        };
        if (flags.promised) {
          const mode = flags.promised;
          const at = new Error().stack;
          return Promise.resolve(received).then(function (v) {
            if (mode === "rejects") throw located(fail(name, flags.not, ["Received promise resolved instead of rejected", "Resolved to value: " + format(v)]), at);
            located(check, at)(v);
          }, function (e) {
            if (mode === "resolves") throw located(fail(name, flags.not, ["Received promise rejected instead of resolved", "Rejected to value: " + format(e)]), at);
            located(check, at)(e);
          });
        }
        check(received);
      };
    }
    return out;
  }

  function expect(received) {
    const e = makeExpect(received, { not: false });
    e.not = makeExpect(received, { not: true });
    e.resolves = makeExpect(received, { not: false, promised: "resolves" });
    e.resolves.not = makeExpect(received, { not: true, promised: "resolves" });
    e.rejects = makeExpect(received, { not: false, promised: "rejects" });
    e.rejects.not = makeExpect(received, { not: true, promised: "rejects" });
    e.toLog = function (want, opts) { return toLog(received, want, opts, false); };
    e.not.toLog = function (want, opts) { return toLog(received, want, opts, true); };
    return e;
  }

  function parseDuration(d, what) {
    if (d === undefined) return 5000;
    if (typeof d === "number" && d >= 0 && isFinite(d)) return d;
    if (typeof d === "string") {
      const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(d.trim());
      if (m) return Number(m[1]) * { ms: 1, s: 1000, m: 60000, h: 3600000 }[m[2]];
    }
    throw new TypeError(what + ": a duration is a number of milliseconds or a string like \"500ms\", \"5s\", \"1m\", \"1h\"; got " + format(d));
  }

  function lineMatches(line, want) { return want instanceof RegExp ? want.test(line) : line.indexOf(String(want)) >= 0; }

  // toLog waits (in virtual time) until the context has printed a console
  // line containing `want` (or matching it, for a RegExp).
  function toLog(ctx, want, opts, not) {
    const at = new Error().stack;
    return waitLog(ctx, want, opts, not).catch(function (e) { throw located(e, at); });
  }
  async function waitLog(ctx, want, opts, not) {
    if (!ctx || typeof ctx.consoleLines !== "function") {
      throw new TypeError("expect(ctx).toLog: ctx must be a context (ext.background, a popup, tab.contentScript(ext), tab.page)");
    }
    const within = parseDuration(opts && opts.within, "toLog within");
    const deadline = n.now() + within;
    for (;;) {
      const lines = ctx.consoleLines();
      const hit = lines.some(function (l) { return lineMatches(l, want); });
      if (hit && !not) return;
      if (hit && not) throw fail("toLog", true, ["Expected no console line matching: " + format(want), "Seen in " + (n.label(ctx._loc) || ctx.label) + ":", lines.map(function (l) { return "  " + l; }).join("\n") || "  (nothing)"]);
      if (n.now() >= deadline) {
        if (not) return;
        throw fail("toLog", false, ["Expected a console line matching: " + format(want) + " within " + within + "ms (virtual)", "Seen in " + (n.label(ctx._loc) || ctx.label) + ":", lines.map(function (l) { return "  " + l; }).join("\n") || "  (nothing)"]);
      }
      await n.step(deadline);
    }
  }

  // expect.poll(fn) retries fn (sync or async) as the simulation runs until
  // the matcher passes or `timeout` of virtual time has passed.
  expect.poll = function (fn, opts) {
    if (typeof fn !== "function") throw new TypeError("expect.poll: pass a function returning the value to check");
    const timeout = parseDuration(opts && opts.timeout, "expect.poll timeout");
    const make = function (not) {
      const out = {};
      for (const name of Object.keys(matchers)) {
        out[name] = function () {
          const at = new Error().stack;
          return pollUntil(name, arguments).catch(function (e) { throw located(e, at); });
        };
      }
      return out;
      async function pollUntil(name, args) {
        const deadline = n.now() + timeout;
        let last;
        for (;;) {
          const v = await fn();
          try {
            const e = expect(v);
            (not ? e.not : e)[name].apply(null, args);
            return;
          } catch (err) {
            last = err;
          }
          if (n.now() >= deadline) {
            last.message = last.message.replace("expect(received).", "expect.poll(fn).") + "\n\nGave up after " + timeout + "ms of virtual time.";
            throw last;
          }
          await n.step(deadline);
        }
      }
    };
    const e = make(false);
    e.not = make(true);
    return e;
  };

  // eventually(fn, {timeout}) retries an async block of assertions.
  function eventually(fn, opts) {
    const at = new Error().stack;
    return retry(fn, opts).catch(function (e) { throw located(e, at); });
  }
  async function retry(fn, opts) {
    const timeout = parseDuration(opts && opts.timeout, "eventually timeout");
    const deadline = n.now() + timeout;
    for (;;) {
      try { return await fn(); } catch (err) {
        if (n.now() >= deadline) { err.message += "\n\nGave up after " + timeout + "ms of virtual time (eventually)."; throw err; }
      }
      await n.step(deadline);
    }
  }

  // ---- browser objects -------------------------------------------------
  class Context {
    constructor(loc, label) { this._loc = loc; this.label = label; }
    evaluate(fn) {
      if (typeof fn !== "function" && typeof fn !== "string") return Promise.reject(new TypeError("evaluate: pass a function (or its source as a string)"));
      return n.evaluate(this._loc, String(fn), Array.prototype.slice.call(arguments, 1));
    }
    consoleLines() { return n.console(this._loc); }
    get console() { return n.console(this._loc); }
  }
  class Background extends Context {
    stop() { return n.extStop(this._loc.ext); }
  }
  class Frame {
    constructor(tab, info) { this._tab = tab; this.id = info.id; this.url = info.url; this.parentId = info.parentId; this.page = new Context({ kind: "page", tab: tab.id, frame: info.id }, "tab " + tab.id + " frame " + info.id + " page"); }
    contentScript(ext) { return new Context({ kind: "content", tab: this._tab.id, frame: this.id, ext: ext._index }, "tab " + this._tab.id + " frame " + this.id + " content " + ext.name); }
    navigate(url) { return n.frameNavigate(this._tab.id, this.id, String(url)); }
  }
  class Tab {
    constructor(id) { this.id = id; }
    get url() { return n.tabInfo(this.id).url; }
    get title() { return n.tabInfo(this.id).title; }
    get status() { return n.tabInfo(this.id).status; }
    get frames() { const self = this; return n.tabFrames(this.id).map(function (f) { return new Frame(self, f); }); }
    get mainFrame() { return this.frames[0]; }
    get page() { return this.mainFrame.page; }
    contentScript(ext) { return this.mainFrame.contentScript(ext); }
    navigate(url, opts) { return n.tabNavigate(this.id, String(url), opts && opts.html !== undefined ? String(opts.html) : null); }
    goBack() { return n.tabDo(this.id, "goBack"); }
    goForward() { return n.tabDo(this.id, "goForward"); }
    reload() { return n.tabDo(this.id, "reload"); }
    close() { return n.tabDo(this.id, "close"); }
    crash() { return n.tabDo(this.id, "crash"); }
    enterBFCache() { return n.tabDo(this.id, "enterBFCache"); }
    activate() { return n.tabDo(this.id, "activate"); }
    click(selector) { return n.tabClick(this.id, selector === undefined ? "body" : String(selector)); }
  }
  class Extension {
    constructor(info) { this._index = info.index; this.id = info.id; this.name = info.name; this.origin = info.origin; }
    get background() { return new Background({ kind: "background", ext: this._index }, "background " + this.name); }
    url(path) { return this.origin + "/" + String(path).replace(/^\//, ""); }
    async openPopup() { await n.extOpenPopup(this._index); return new Context({ kind: "popup", ext: this._index }, "popup " + this.name); }
    clickAction(tab) { return n.extClickAction(this._index, tab ? tab.id : -1); }
    reload() { return n.extDo(this._index, "reload"); }
    disable() { return n.extDo(this._index, "disable"); }
    enable() { return n.extDo(this._index, "enable"); }
  }
  const clock = {
    async advance(d) { return n.advance(parseDuration(d, "clock.advance")); },
    now() { return n.now(); },
  };
  class Browser {
    constructor(profile) { this.profile = profile; this.clock = clock; }
    async loadExtension(what) {
      if (typeof what !== "string" && (what === null || typeof what !== "object")) throw new TypeError("loadExtension: pass a folder path (relative to the test file) or an object of files, e.g. {\"manifest.json\": {...}, \"bg.js\": \"...\"}");
      let files = what;
      if (typeof what === "object") {
        files = {};
        for (const k of Object.keys(what)) files[k] = typeof what[k] === "string" ? what[k] : JSON.stringify(what[k]);
      }
      return new Extension(await n.loadExtension(files));
    }
    async newTab(url, opts) {
      const id = await n.newTab(String(url === undefined ? "about:blank" : url), opts && opts.html !== undefined ? String(opts.html) : null);
      return new Tab(id);
    }
    serve(url, html) { n.serve(String(url), String(html)); }
    get tabs() { return n.tabs().map(function (id) { return new Tab(id); }); }
    get extensions() { return n.extensions().map(function (i) { return new Extension(i); }); }
  }

  const api = {
    test: test, describe: describe, beforeAll: beforeAll, afterAll: afterAll, beforeEach: beforeEach, afterEach: afterEach,
    expect: expect, eventually: eventually, AssertionError: AssertionError,
  };
  return {
    api: api,
    list: list,
    run: run,
    finish: finish,
    fixtures: function (profile) { const b = new Browser(profile); return { browser: b, profile: profile, clock: clock }; },
    format: format,
  };
})
