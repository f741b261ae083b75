// The conformance shim: the test API (global T) every context of a case
// uses. Written by the harness; see conformance/README.md.
(function () {
  "use strict";
  if (globalThis.T) return;
  const cfg = /*CONFIG*/null;
  // extsim installs a Go function; real browsers report over loopback.
  const native = typeof globalThis.__extsimReport === "function" ? globalThis.__extsimReport : null;
  const instance = Math.random().toString(36).slice(2, 10);
  let seq = 0;

  // extsim's realms have no location; it tells the shim the context's URL.
  function href() {
    if (typeof location !== "undefined") return String(location.href);
    return typeof globalThis.__extsimURL === "string" ? globalThis.__extsimURL : "";
  }

  function defaultCtx() {
    const u = href();
    let label;
    if (cfg.background) {
      label = "bg";
    } else if (/^https?:/.test(u)) {
      label = "cs";
    } else {
      label = u.replace(/^[a-z-]+:\/\/[^/]*/, "").replace(/[?#].*$/, "") || "?";
    }
    return cfg.inOther ? "other:" + label : label;
  }

  function isError(v) {
    return Object.prototype.toString.call(v) === "[object Error]";
  }

  function sortKeys(key, v) {
    if (typeof v === "bigint") return v.toString() + "n";
    if (v && typeof v === "object" && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype) {
      const out = {};
      for (const k of Object.keys(v).sort()) out[k] = v[k];
      return out;
    }
    return v;
  }

  function fmt(v) {
    if (typeof v === "string") return v;
    if (v === undefined) return "undefined";
    if (typeof v === "number") {
      if (Number.isNaN(v)) return "NaN";
      if (v === Infinity) return "Infinity";
      if (v === -Infinity) return "-Infinity";
      if (v === 0 && 1 / v < 0) return "-0";
    }
    if (typeof v === "bigint") return v.toString() + "n";
    if (typeof v === "function") return "function";
    if (typeof v === "symbol") return v.toString();
    if (isError(v)) return String(v.name) + ": " + String(v.message);
    try {
      const s = JSON.stringify(v, sortKeys);
      return s === undefined ? String(v) : s;
    } catch (e) {
      return "[unserializable]";
    }
  }

  function send(msg, wantAnswer) {
    msg.token = cfg.token;
    msg.instance = instance;
    // Control requests are not numbered: they travel apart from the logs.
    msg.seq = wantAnswer ? 0 : ++seq;
    msg.ctx = T.ctx;
    const body = JSON.stringify(msg);
    if (native) {
      if (!wantAnswer) {
        native(body);
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => {
        native(body, (err) => (err ? reject(new Error(err)) : resolve()));
      });
    }
    // Real browsers: one request at a time per context, so that the
    // server receives a context's reports in the order they were made;
    // what is logged while a request is on its way goes in the next one,
    // as a batch (a slow round trip must not delay later entries beyond
    // the grace period the harness gives after T.done).
    if (!wantAnswer) {
      pending.push(msg);
      pump();
      return Promise.resolve();
    }
    // A control request goes alone, after everything logged before it.
    return drained()
      .then(() => fetch(url, { method: "POST", headers: { "Content-Type": "text/plain" }, body }))
      .then((r) => r.json())
      .then((a) => {
        if (a && a.error) throw new Error(a.error);
      });
  }

  const url = cfg.baseURL + "/__report";
  let pending = []; // reports not sent yet
  let sending = null; // the request on its way, if any

  function pump() {
    if (sending || pending.length === 0) return;
    const batch = pending;
    pending = [];
    sending = fetch(url, { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body: JSON.stringify(batch) })
      .catch(() => {})
      .then(() => {
        sending = null;
        pump();
      });
  }

  // drained resolves once everything reported so far has been sent.
  function drained() {
    return new Promise((resolve) => {
      const check = () => (sending ? sending.then(check) : resolve());
      check();
    });
  }

  const T = {
    ctx: defaultCtx(),
    family: cfg.family,
    ids: { self: cfg.self, other: cfg.other },
    fmt,
    log(...values) {
      send({ kind: "log", text: values.map(fmt).join(" ") });
    },
    done() {
      send({ kind: "done" });
    },
    fail(message) {
      send({ kind: "fail", text: fmt(message) });
    },
    url(path) {
      return cfg.baseURL + path;
    },
    caseURL(file) {
      return cfg.baseURL + "/c/" + cfg.name + "/" + file;
    },
    control(action, arg) {
      return send({ kind: "control", action: String(action), arg: arg === undefined ? "" : String(arg) }, true);
    },
  };
  Object.defineProperty(globalThis, "T", { value: T, writable: false, configurable: false, enumerable: false });
})();
