// extsim's WebExtension API surface. It runs first in every realm, as a
// function of the Go natives `x`, builds the chrome and browser namespaces,
// and returns the hooks through which Go delivers events. Nothing of it is
// left on the global object but the namespaces.
(function (x) {
  "use strict";
  const CHROME = x.profile === "chrome";
  const KIND = x.kind; // background, service-worker, popup, options, extension-page, content, page
  const IS_CONTENT = KIND === "content";
  const IS_PAGE = KIND === "page";
  const IS_EXTENSION = !IS_CONTENT && !IS_PAGE;
  const MV = x.manifestVersion;
  const S14 = "A runtime.onMessage listener's promise rejected without an Error";
  const FF_UNEXPECTED = "An unexpected error occurred";

  // ---------------------------------------------------------------- errors

  // Chrome (K1): TypeError "Error in invocation of <signature>: <detail>".
  function invocation(sig, detail) {
    return new TypeError("Error in invocation of " + sig + ": " + detail);
  }
  // Firefox (FF-83): "Incorrect argument types for <api>." and
  // "Type error for parameter <p> (<detail>) for <api>."
  function ffIncorrect(api) {
    return new Error("Incorrect argument types for " + api + ".");
  }
  function ffParam(param, detail, api) {
    return new Error("Type error for parameter " + param + " (" + detail + ") for " + api + ".");
  }

  // typeName is Chrome's name of a value's schema type (K2).
  function typeName(v) {
    if (v === null) return "null";
    if (Array.isArray(v)) return "array";
    const t = typeof v;
    if (t === "number") return Number.isInteger(v) ? "integer" : "number";
    return t;
  }
  function ffShow(v) {
    try {
      const s = JSON.stringify(v);
      return s === undefined ? String(v) : s;
    } catch (e) {
      return String(v);
    }
  }

  // isType reports whether v is of the schema type t (K2's names). An
  // integer is a number with an integral value (tabs.connect(1.5) has no
  // matching signature, K3 / FF-85e).
  function isType(t, v) {
    switch (t) {
      case "any": return true;
      case "string": return typeof v === "string";
      case "integer": return typeof v === "number" && Number.isInteger(v);
      case "number": return typeof v === "number";
      case "boolean": return typeof v === "boolean";
      case "object": return v !== null && typeof v === "object" && !Array.isArray(v);
      case "array": return Array.isArray(v);
      case "function": return typeof v === "function";
    }
    return false;
  }

  // checkProps validates an options object against a property table
  // {name: "string"|"boolean"|"integer"|"integer>=0"|"string|array"...; a
  // trailing "!" marks a required property} and returns a plain copy. Getters are read once, and only own enumerable
  // keys are consulted (K5). open tables allow unlisted properties (copied
  // as they are).
  function checkProps(obj, table, sig, param, api, open) {
    const out = {};
    for (const key of Object.keys(obj)) {
      if (!Object.prototype.hasOwnProperty.call(table, key)) {
        if (open) {
          out[key] = obj[key];
          continue;
        }
        throw CHROME
          ? invocation(sig, "Error at parameter '" + param + "': Unexpected property: '" + key + "'.")
          : ffParam(param, 'Unexpected property "' + key + '"', api);
      }
    }
    for (const key of Object.keys(table)) {
      let want = table[key];
      const required = want.endsWith("!");
      if (required) want = want.slice(0, -1);
      const v = Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
      if (v === undefined || (v === null && !CHROME)) {
        if (!required) continue;
        // Firefox: Schemas.sys.mjs ObjectType.checkBaseType, 'Property "p" is required'.
        throw CHROME
          ? invocation(sig, "Error at parameter '" + param + "': Missing required property '" + key + "'.")
          : ffParam(param, 'Property "' + key + '" is required', api);
      }
      let min, types = want;
      if (want.endsWith(">=0")) {
        types = want.slice(0, -3);
        min = 0;
      }
      const choices = types.split("|");
      const ok = choices.some((t) => isType(t, v));
      if (ok && min !== undefined && v < min) {
        throw CHROME
          ? invocation(sig, "Error at parameter '" + param + "': Error at property '" + key + "': Value must be at least " + min + ".")
          : ffParam(param, "Error processing " + key + ": Integer " + v + " is too small (must be at least " + min + ")", api);
      }
      if (!ok) {
        if (v === null && key === "frameId") continue; // null frameId = all frames (D3)
        const expected = choices.length > 1 ? "[" + types + "]" : types;
        throw CHROME
          ? invocation(sig, "Error at parameter '" + param + "': Error at property '" + key + "': Invalid type: expected " + expected + ", found " + typeName(v) + ".")
          : ffParam(param, "Error processing " + key + ": Expected " + choices.join(" or ") + " instead of " + ffShow(v), api);
      }
      out[key] = v;
    }
    return out;
  }

  // ------------------------------------------------------------ signatures

  // The signature table (signatures.go) is fetched per function on first
  // use.
  const sigCache = new Map();
  function sigOf(api) {
    let s = sigCache.get(api);
    if (s === undefined) {
      const text = x.signature(api);
      if (text === undefined) throw new Error("extsim: no signature declared for " + api);
      s = JSON.parse(text);
      sigCache.set(api, s);
    }
    return s;
  }
  // sigText is Chrome's signature string of api.
  function sigText(api) {
    return sigOf(api).sig;
  }
  function noMatch(s) {
    return CHROME ? invocation(s.sig, "No matching signature.") : ffIncorrect(s.api);
  }

  // parseArgs matches a call's arguments to api's parameters and returns
  // one value per parameter (undefined when omitted). As in Chromium's
  // ArgumentParser and Firefox's checkParameters (FF-84): null or undefined
  // fills an optional parameter, an argument of the wrong type skips an
  // optional one, and a missing required argument or anything left over
  // means no matching signature. Matching is greedy, which for the
  // signatures of the table gives the same answers as Firefox's
  // backtracking. Then each parameter's details are checked: a minimum
  // (K3, FF-85d) and an options object's properties (K4, FF-85b/c).
  function parseArgs(api, args) {
    const s = sigOf(api);
    const ps = s.params;
    const out = new Array(ps.length);
    let i = 0;
    for (let pi = 0; pi < ps.length; pi++) {
      const p = ps[pi];
      if (i >= args.length) {
        if (!p.o) throw noMatch(s);
        continue;
      }
      const v = args[i];
      if (p.t[0] === "any") {
        out[pi] = v;
        i++;
        continue;
      }
      if (v === undefined || v === null) {
        if (!p.o) throw noMatch(s);
        i++;
        continue;
      }
      if (!p.t.some((t) => isType(t, v))) {
        if (p.o) continue;
        throw noMatch(s);
      }
      out[pi] = v;
      i++;
    }
    if (i < args.length) throw noMatch(s);
    for (let pi = 0; pi < ps.length; pi++) {
      const p = ps[pi], v = out[pi];
      if (v === undefined) continue;
      if (p.min !== undefined && typeof v === "number" && v < p.min) {
        throw CHROME ? invocation(s.sig, "Error at parameter '" + p.n + "': Value must be at least " + p.min + ".")
          : ffParam(p.n, "Integer " + v + " is too small (must be at least " + p.min + ")", s.api);
      }
      if (p.props && isType("object", v)) out[pi] = checkProps(v, p.props, s.sig, p.n, s.api, p.open);
    }
    return out;
  }

  // ------------------------------------------------------------ lastError

  // runtime.lastError outside a callback is undefined in Chrome and null in
  // Firefox, in both namespaces and every context (E13, FF-49; measured on
  // Chromium 156 / Firefox ESR 153 by conformance cases
  // om-lasterror-only-in-callback and pd-lasterror-scope).
  const NO_LAST_ERROR = CHROME ? undefined : null;
  let lastError = NO_LAST_ERROR;
  let lastErrorChecked = false;
  function lastErrorObject(msg) {
    return CHROME ? { message: msg } : new Error(msg);
  }
  // withLastError calls fn with runtime.lastError set to msg (when not
  // null), and reports it when fn did not read it.
  function withLastError(msg, fn, args) {
    if (msg === null || msg === undefined) {
      return fn.apply(undefined, args);
    }
    const saved = lastError, savedChecked = lastErrorChecked;
    lastError = lastErrorObject(msg);
    lastErrorChecked = false;
    try {
      return fn.apply(undefined, args);
    } finally {
      if (!lastErrorChecked) {
        x.log("error", CHROME ? "Unchecked runtime.lastError: " + msg : "Unchecked lastError value: Error: " + msg);
      }
      lastError = saved;
      lastErrorChecked = savedChecked;
    }
  }

  // listenerErrorHandlers may claim an exception escaping a listener before
  // it is reported (chrome.test.runTests fails the running test with it, as
  // Chromium's harness does). A handler returns true when it took it.
  const listenerErrorHandlers = [];

  // reportListenerError reports an exception escaping a listener, as the
  // browsers print it, as an uncaught error of this context.
  function reportListenerError(e) {
    for (const h of listenerErrorHandlers) {
      if (h(e)) return;
    }
    const text = e instanceof Error ? e.name + ": " + e.message : String(e);
    x.uncaught(CHROME ? "Error in event handler: " + text : "Uncaught " + text);
  }

  // ---------------------------------------------------------------- events

  // events maps the names of events the browser sends ("alarms.onAlarm",
  // "tabs.onUpdated") to their Event objects. A background tells the
  // browser when such an event gets its first listener or loses its last
  // (x.listen): the browser delivers only what it listens to, and wakes it
  // for what it listened to in its top-level run (lazy listeners).
  const events = {};
  const REPORTS = KIND === "background" || KIND === "service-worker";

  // An Event checks the listener it is given as the browsers do (K1,
  // FF-87; measured on Chromium 156 / Firefox ESR 153 by conformance case
  // arg-addlistener-not-function): Chrome's EventEmitter ignores a
  // non-function without a word (addListener(42) neither throws nor adds);
  // Firefox's schema events throw "Invalid listener for <event>." from
  // addListener, removeListener and hasListener, while its Port events
  // (untyped, not in any schema) take any value, which fails only when
  // dispatched.
  class Event {
    // untyped marks a Port event (no listener check in Firefox).
    constructor(name, untyped) {
      Object.defineProperty(this, "_name", { value: name });
      Object.defineProperty(this, "_listeners", { value: [] });
      Object.defineProperty(this, "_untyped", { value: !!untyped });
    }
    _reported() {
      return REPORTS && events[this._name] === this;
    }
    // _accepts reports whether cb may be added or removed, throwing
    // Firefox's error for a schema event.
    _accepts(cb) {
      if (typeof cb === "function") return true;
      if (CHROME) return false;
      if (!this._untyped) throw new Error("Invalid listener for " + this._name + ".");
      return true;
    }
    addListener(cb) {
      if (!this._accepts(cb)) return;
      if (!this._listeners.includes(cb)) {
        this._listeners.push(cb);
        if (this._listeners.length === 1 && this._reported()) x.listen(this._name, true);
      }
    }
    removeListener(cb) {
      if (!this._accepts(cb)) return;
      const i = this._listeners.indexOf(cb);
      if (i >= 0) {
        this._listeners.splice(i, 1);
        if (this._listeners.length === 0 && this._reported()) x.listen(this._name, false);
      }
    }
    // hasListener(nonFunction) is false in extsim's Chrome (Chromium 156
    // throws a TypeError there whose text extsim does not know).
    hasListener(cb) {
      return this._accepts(cb) && this._listeners.includes(cb);
    }
    hasListeners() {
      return this._listeners.length > 0;
    }
  }
  // Firefox's events have no hasListeners (measured on Firefox ESR 153:
  // "chrome.runtime.onMessage.hasListeners is not a function").
  if (!CHROME) delete Event.prototype.hasListeners;
  // dispatch calls every listener with up to two arguments; a throwing
  // listener is reported and the others still run. Listeners added during
  // dispatch do not run this time. (Direct calls: apply() was a sixth of a
  // message round trip.)
  function dispatch(ev, a, b) {
    const ls = ev._listeners;
    const n = ls.length;
    if (n === 1) {
      try { ls[0](a, b); } catch (e) { reportListenerError(e); }
      return;
    }
    const copy = ls.slice(0, n);
    for (let i = 0; i < n; i++) {
      try { copy[i](a, b); } catch (e) { reportListenerError(e); }
    }
  }
  // dispatch1 is dispatch for one-argument events (runtime.onConnect,
  // Port.onDisconnect: listeners see arguments.length 1, E2 / E3).
  function dispatch1(ev, a) {
    for (const l of ev._listeners.slice()) {
      try { l(a); } catch (e) { reportListenerError(e); }
    }
  }
  // dispatchArgs calls every listener with exactly args (browser events).
  function dispatchArgs(ev, args) {
    for (const l of ev._listeners.slice()) {
      try { l.apply(undefined, args); } catch (e) { reportListenerError(e); }
    }
  }
  // browserEvent makes the Event of a browser event and registers it.
  function browserEvent(name) {
    const ev = new Event(name);
    events[name] = ev;
    return ev;
  }

  // ----------------------------------------------------------------- ports

  const ports = new Map(); // handle -> port object

  function makePort(handle, name, sender) {
    const onMessage = new Event("Port.onMessage", true);
    const onDisconnect = new Event("Port.onDisconnect", true);
    const port = {};
    Object.defineProperty(port, "name", { value: name, enumerable: true });
    // E1, FF-21: the opener's port has the key too, with the value
    // undefined (measured on Chromium 156 and Firefox ESR 153 by conformance
    // case port-sender-only-receiver: "sender" in port is true).
    port.sender = sender;
    if (!CHROME) port.error = null;
    port.onMessage = onMessage;
    port.onDisconnect = onDisconnect;
    port.postMessage = x.poster(handle); // errata 5: postMessage() throws a TypeError
    port.disconnect = function disconnect() {
      x.disconnect(handle);
      ports.delete(handle);
    };
    ports.set(handle, port);
    return port;
  }

  // ------------------------------------------------------------- callbacks

  // A call's result goes to a callback, or a promise, per namespace:
  // browser.* always returns a promise; chrome.* takes a callback and,
  // without one, returns a promise in Manifest V3, in both browsers, and
  // undefined in MV2 (G3, FF-49, differences table row 29; measured for
  // every asynchronous chrome.* function extsim has on Chromium 156 /
  // Firefox ESR 153 by conformance case om-return-shape and a probe of
  // MV2 in Firefox; Chromium 156 no longer loads MV2. Firefox's content
  // scripts use the promise style throughout, see SHARED_NS).
  function finisher(style, callback) {
    if (callback) {
      return {
        ret: undefined,
        ok: (v) => withLastError(null, callback, v === undefined ? [] : [v]),
        // A message nobody answered: Firefox calls the callback with one
        // argument, undefined (FF-43; measured on Firefox ESR 153 by
        // conformance case ext-no-answer); Chrome with none (G8).
        none: (msg) => withLastError(msg, callback, msg === null || msg === undefined ? (CHROME ? [] : [undefined]) : []),
        fail: (msg) => withLastError(msg, callback, []),
      };
    }
    if (style === "promise" || MV >= 3) {
      let resolve, reject;
      const p = new Promise((a, b) => { resolve = a; reject = b; });
      return { ret: p, ok: resolve, none: () => resolve(undefined), fail: (msg) => reject(new Error(msg)) };
    }
    // MV2 chrome.* without a callback: errors are only logged.
    return {
      ret: undefined,
      ok: () => {},
      none: () => {},
      fail: (msg) => x.log("error", "Unchecked lastError value: Error: " + msg),
    };
  }

  const calls = new Map(); // call id -> finisher

  // -------------------------------------------------------------- runtime

  function parseConnect(args) {
    const v = parseArgs("runtime.connect", args);
    const opts = v[1] || {};
    return { id: v[0] || "", name: opts.name === undefined ? "" : opts.name };
  }

  function connectRuntime() {
    const a = parseConnect(Array.from(arguments));
    if (IS_PAGE && !a.id && CHROME) {
      throw new TypeError("chrome.runtime.connect() called from a webpage must specify an Extension ID (string) for its first argument."); // S10
    }
    let handle;
    try {
      handle = x.connect("runtime", a.id, 0, -1, "", a.name);
    } catch (e) {
      throw CHROME && e.message !== x.invalidated ? invocation(sigText("runtime.connect"), e.message) : e;
    }
    return makePort(handle, a.name, undefined);
  }

  // parseSendMessage follows Chrome's argument massaging (G1) or Firefox's
  // (FF-41). It returns {id, message, callback} or throws/rejects.
  function parseSendMessage(args, style) {
    const sig = sigText("runtime.sendMessage");
    args = args.slice();
    let callback;
    if (CHROME) {
      if (args.length > 1 && typeof args[args.length - 1] === "function") callback = args.pop();
      let id, message, options;
      if (args.length === 1) message = args[0];
      else if (args.length === 2) {
        const a0 = args[0];
        if (typeof a0 === "string" || a0 === null || a0 === undefined) { id = a0; message = args[1]; }
        else { message = a0; options = args[1]; }
      } else if (args.length === 3) { id = args[0]; message = args[1]; options = args[2]; }
      else throw invocation(sig, "No matching signature.");
      if (id !== undefined && id !== null && typeof id !== "string") throw invocation(sig, "No matching signature.");
      if (options !== undefined && options !== null) {
        if (typeof options !== "object") throw invocation(sig, "No matching signature.");
        checkProps(options, { includeTlsChannelId: "boolean" }, sig, "options", "runtime.sendMessage");
      }
      return { id: id || "", message, callback };
    }
    // Firefox (FF-41, child/ext-runtime.js parseBonkersArgs): errors
    // reject the returned promise. The checks run in this order, so that
    // (id, message, options, 42) names the last argument and five
    // arguments are too many.
    if (args.length > 0 && typeof args[args.length - 1] === "function") callback = args.pop();
    const fail = (m) => ({ error: m, callback });
    const emptyOptions = (v) => v === null || v === undefined || (typeof v === "object" && Object.keys(v).length === 0);
    // One argument, or a second one that is empty options, is a message to
    // the own extension: sendMessage("str", {}) is not to extension "str".
    if (args.length === 1 || (args.length === 2 && emptyOptions(args[1]))) args.unshift(null);
    const id = args[0], message = args[1], options = args[2];
    if (args.length === 0) return fail("runtime.sendMessage's message argument is missing");
    if (!emptyOptions(options)) return fail("runtime.sendMessage's options argument is invalid");
    if (args.length === 4 && args[3] && !callback) return fail("runtime.sendMessage's last argument is not a function");
    if ((args[3] !== null && args[3] !== undefined) || args.length > 4) return fail("runtime.sendMessage received too many arguments");
    if (id && typeof id !== "string") return fail("runtime.sendMessage's extensionId argument is invalid");
    return { id: id || "", message, callback };
  }

  function sendMessageWith(style) {
    return function sendMessage() {
      const a = parseSendMessage(Array.from(arguments), style);
      const f = finisher(style, a.callback);
      if (a.error) {
        f.fail(a.error);
        return f.ret;
      }
      let id;
      try {
        id = x.send("runtime", a.id, 0, -1, "", a.message);
      } catch (e) {
        if (e.message === x.invalidated) throw e; // H6
        if (CHROME) throw invocation(sigText("runtime.sendMessage"), e.message); // F4
        f.fail(e.message); // FF-35: the promise rejects
        return f.ret;
      }
      calls.set(id, f);
      return f.ret;
    };
  }

  // ----------------------------------------------------------------- tabs

  function tabsConnect() {
    const v = parseArgs("tabs.connect", Array.from(arguments));
    const o = v[1] || {};
    const name = o.name === undefined ? "" : o.name;
    const frame = typeof o.frameId === "number" ? o.frameId : -1;
    const handle = x.connect("tab", "", v[0] + 0, frame, o.documentId || "", name); // -0 is 0 (K3)
    return makePort(handle, name, undefined);
  }

  function tabsSendMessageWith(style) {
    return function sendMessage() {
      const v = parseArgs("tabs.sendMessage", Array.from(arguments));
      const o = v[2] || {};
      const f = finisher(style, v[3]);
      let id;
      try {
        id = x.send("tab", "", v[0] + 0, typeof o.frameId === "number" ? o.frameId : -1, o.documentId || "", v[1]);
      } catch (e) {
        if (e.message === x.invalidated) throw e; // H6
        if (CHROME) throw invocation(sigText("tabs.sendMessage"), e.message);
        f.fail(e.message);
        return f.ret;
      }
      calls.set(id, f);
      return f.ret;
    };
  }

  // withSig makes an asynchronous API function: the arguments are checked
  // against api's signature (throwing synchronously, in both profiles:
  // FF-83), fn gets them without the callback, and its result (or the
  // message of what it threw) goes to the callback or promise in a later
  // microtask.
  function withSig(style, api, fn) {
    const f = function () {
      const v = parseArgs(api, Array.from(arguments));
      const ps = sigOf(api).params;
      const hasCallback = ps.length > 0 && ps[ps.length - 1].n === "callback";
      const fin = finisher(style, hasCallback ? v.pop() : undefined);
      let r;
      try {
        r = fn.apply(undefined, v);
      } catch (e) {
        fin.fail(e.message);
        return fin.ret;
      }
      Promise.resolve().then(() => fin.ok(r));
      return fin.ret;
    };
    Object.defineProperty(f, "name", { value: api.slice(api.lastIndexOf(".") + 1) });
    return f;
  }

  // removeWith makes tabs.remove / windows.remove: the answer comes once
  // native(id, done) has closed what it names, in a later task.
  function removeWith(style, api, native) {
    const f = function () {
      const v = parseArgs(api, Array.from(arguments));
      const fin = finisher(style, v[1]);
      try {
        native(v[0], function () { fin.ok(undefined); });
      } catch (e) {
        fin.fail(e.message);
      }
      return fin.ret;
    };
    Object.defineProperty(f, "name", { value: "remove" });
    return f;
  }

  // withArgs makes a synchronous API function checked against api's
  // signature.
  function withArgs(api, fn) {
    const f = function () {
      return fn.apply(undefined, parseArgs(api, Array.from(arguments)));
    };
    Object.defineProperty(f, "name", { value: api.slice(api.lastIndexOf(".") + 1) });
    return f;
  }

  // -------------------------------------------------------- unsupported

  // noBackgroundPage makes extension.getBackgroundPage and
  // runtime.getBackgroundPage: every context runs in its own engine, so
  // there is no background window object to hand out.
  function noBackgroundPage(path) {
    const f = function () {
      parseArgs(path, Array.from(arguments));
      throw new Error("extsim runs every context in its own JavaScript engine, so " + path +
        "() cannot return the background page's window; use messaging");
    };
    Object.defineProperty(f, "name", { value: "getBackgroundPage" });
    return f;
  }

  // APIs extsim does not implement yet throw a clear error when called,
  // rather than being silently absent or doing nothing.
  function unsupported(path) {
    const f = function () {
      throw new Error("extsim does not support " + path + " yet");
    };
    Object.defineProperty(f, "name", { value: path.split(".").pop() });
    return f;
  }
  function unsupportedEvent(path) {
    const ev = {
      addListener: unsupported(path + ".addListener"),
      removeListener: unsupported(path + ".removeListener"),
      hasListener: unsupported(path + ".hasListener"),
    };
    if (CHROME) ev.hasListeners = unsupported(path + ".hasListeners");
    return ev;
  }
  // UNSUPPORTED lists, per namespace, the members given throwing stubs;
  // names starting with "on" are events.
  const UNSUPPORTED = {
    runtime: ["connectNative", "sendNativeMessage", "setUninstallURL", "onUpdateAvailable", "onSuspendCanceled"],
    tabs: ["duplicate", "move", "captureVisibleTab", "discard", "goBack", "goForward", "onMoved", "onReplaced", "onHighlighted"],
    contextMenus: ["create", "update", "remove", "removeAll", "onClicked"],
    notifications: ["create", "clear", "onClicked"],
    cookies: ["get", "getAll", "set", "remove", "onChanged"],
    permissions: ["request", "remove", "onAdded", "onRemoved"],
    i18n: ["detectLanguage"],
    windows: ["update"],
  };
  function addUnsupported(ns, prefix) {
    for (const area of Object.keys(UNSUPPORTED)) {
      const target = ns[area] || (ns[area] = {});
      for (const name of UNSUPPORTED[area]) {
        if (name in target) continue;
        const path = prefix + "." + area + "." + name;
        target[name] = /^on[A-Z]/.test(name) ? unsupportedEvent(path) : unsupported(path);
      }
    }
  }

  // ------------------------------------------------------------ namespaces

  const runtimeEvents = {
    onConnect: new Event("runtime.onConnect"),
    onConnectExternal: new Event("runtime.onConnectExternal"),
    onMessage: new Event("runtime.onMessage"),
    onMessageExternal: new Event("runtime.onMessageExternal"),
    onInstalled: browserEvent("runtime.onInstalled"),
    onStartup: browserEvent("runtime.onStartup"),
    onSuspend: browserEvent("runtime.onSuspend"),
  };
  if (IS_EXTENSION) {
    for (const name of ["action.onClicked", "browserAction.onClicked", "pageAction.onClicked",
      "tabs.onCreated", "tabs.onUpdated", "tabs.onRemoved", "tabs.onActivated",
      "windows.onCreated", "windows.onRemoved", "windows.onFocusChanged"]) {
      browserEvent(name);
    }
  }

  function makeNamespace(style) {
    const ns = {};
    const runtime = {};
    if (IS_PAGE) {
      if (!CHROME) return null; // Firefox has no externally_connectable (FF-4)
      if (!x.webConnectable) return ns; // C5: no chrome.runtime on this page
      runtime.connect = connectRuntime;
      runtime.sendMessage = sendMessageWith(style);
      ns.runtime = runtime;
      return ns;
    }
    Object.defineProperty(runtime, "id", { value: x.extensionId, enumerable: true });
    Object.defineProperty(runtime, "lastError", {
      enumerable: true,
      get() { lastErrorChecked = true; return lastError; },
    });
    runtime.getURL = withArgs("runtime.getURL", function getURL(path) { return x.getURL(path.replace(/^\//, "")); });
    runtime.getManifest = withArgs("runtime.getManifest", function getManifest() { return x.manifest(); });
    runtime.connect = connectRuntime;
    runtime.sendMessage = sendMessageWith(style);
    runtime.onConnect = runtimeEvents.onConnect;
    runtime.onMessage = runtimeEvents.onMessage;
    if (IS_EXTENSION) {
      runtime.onConnectExternal = runtimeEvents.onConnectExternal;
      runtime.onMessageExternal = runtimeEvents.onMessageExternal;
      runtime.onInstalled = runtimeEvents.onInstalled;
      runtime.onStartup = runtimeEvents.onStartup;
      runtime.onSuspend = runtimeEvents.onSuspend;
      runtime.reload = withArgs("runtime.reload", function reload() { x.reload(); });
      runtime.openOptionsPage = withSig(style, "runtime.openOptionsPage", function openOptionsPage() { x.openOptionsPage(); });
      runtime.getPlatformInfo = withSig(style, "runtime.getPlatformInfo", function getPlatformInfo() { return x.platformInfo(); });
      ns.permissions = {
        contains: withSig(style, "permissions.contains", function contains(p) { return x.permissionsContains(p.permissions, p.origins); }),
        getAll: withSig(style, "permissions.getAll", function getAll() { return x.permissionsAll(); }),
      };
    }
    ns.runtime = runtime;
    if (!IS_CONTENT) {
      // executeScriptWith settles once the files have run in every frame.
      const executeScriptWith = function (f, tabId, frames, all, files, map) {
        try {
          x.executeScript(tabId, frames, all, files, function (results) { f.ok(map ? results.map(map) : results); });
        } catch (e) {
          f.fail(e.message);
        }
        return f.ret;
      };
      ns.scripting = {
        executeScript: function executeScript() {
          const sig = sigText("scripting.executeScript");
          const v = parseArgs("scripting.executeScript", Array.from(arguments));
          const inj = v[0];
          if (!inj.target || typeof inj.target !== "object") {
            throw CHROME ? invocation(sig, "Error at parameter 'injection': Missing required property 'target'.") : ffIncorrect("scripting.executeScript");
          }
          if (!isType("integer", inj.target.tabId)) {
            throw CHROME ? invocation(sig, "Error at parameter 'injection': Error at property 'target': Missing required property 'tabId'.") : ffIncorrect("scripting.executeScript");
          }
          const api = "scripting.executeScript";
          const badProp = function (prop, want, val) {
            return CHROME
              ? invocation(sig, "Error at parameter 'injection': Error at property '" + prop + "': Invalid type: expected " + want + ", found " + typeName(val) + ".")
              : ffParam("injection", "Error processing " + prop + ": Expected " + want + " instead of " + ffShow(val), api);
          };
          const hasFiles = inj.files !== undefined, hasFunc = inj.func !== undefined;
          if (hasFiles && !Array.isArray(inj.files)) throw badProp("files", "array", inj.files);
          if (hasFunc && typeof inj.func !== "function") throw badProp("func", "function", inj.func);
          if (inj.args !== undefined && !Array.isArray(inj.args)) throw badProp("args", "array", inj.args);
          if (inj.world !== undefined && inj.world !== "ISOLATED" && inj.world !== "MAIN") {
            throw CHROME
              ? invocation(sig, "Error at parameter 'injection': Error at property 'world': Value must be one of ISOLATED, MAIN.")
              : ffParam("injection", 'Error processing world: Invalid enumeration value ' + ffShow(inj.world), api);
          }
          const f = finisher(style, v[1]);
          // Chrome's scripting_api.cc and Firefox's ext-scripting.js texts.
          if (hasFiles === hasFunc) {
            f.fail(CHROME ? "Exactly one of 'func' and 'files' must be specified" : "Exactly one of files and func must be specified.");
            return f.ret;
          }
          if (hasFiles && inj.args !== undefined) {
            f.fail("'args' may not be used with file injections.");
            return f.ret;
          }
          // The target's frames: frameIds, or (Chrome) documentIds mapped to
          // their frames; scripting_api.cc's texts for conflicting fields.
          const target = inj.target;
          let frameIds = target.frameIds || null;
          if (target.documentIds !== undefined) {
            if (!CHROME) throw ffParam("injection", 'Error processing target: Unexpected property "documentIds"', api);
            if (!Array.isArray(target.documentIds)) throw badProp("target", "array", target.documentIds);
          }
          if (CHROME && target.allFrames === true && (target.frameIds !== undefined || target.documentIds !== undefined)) {
            f.fail("Cannot specify 'allFrames' if either 'frameIds' or 'documentIds' is specified.");
            return f.ret;
          }
          if (CHROME && target.frameIds !== undefined && target.documentIds !== undefined) {
            f.fail("Cannot specify both 'frameIds' and 'documentIds'.");
            return f.ret;
          }
          try {
            if (target.documentIds !== undefined) {
              const frames = x.frames(target.tabId, -1);
              frameIds = target.documentIds.map(function (id) {
                const fr = frames.find(function (fr) { return fr.documentId === id; });
                if (!fr) throw new Error("No document with id " + id + " in tab with id " + target.tabId);
                return fr.frameId;
              });
            } else if (CHROME && frameIds) {
              const known = x.frames(target.tabId, -1).map(function (fr) { return fr.frameId; });
              for (const id of frameIds) {
                if (!known.includes(id)) throw new Error("No frame with id " + id + " in tab with id " + target.tabId);
              }
            }
          } catch (e) {
            f.fail(e.message);
            return f.ret;
          }
          if (hasFiles && inj.world === "MAIN") throw new Error("extsim supports scripting.executeScript world \"MAIN\" with func only (not files) yet");
          if (hasFiles) return executeScriptWith(f, target.tabId, frameIds, !!target.allFrames, inj.files, null);
          // func: its source runs in each target frame (a separate engine),
          // with the args as JSON: Firefox's ext-scripting.js stringifies
          // them ("Unserializable arguments." when that throws); Chrome's
          // JSON-like conversion also turns functions into null.
          let args;
          try {
            args = JSON.parse(JSON.stringify(inj.args || []));
          } catch (e) {
            f.fail(CHROME ? e.message : "Unserializable arguments.");
            return f.ret;
          }
          try {
            x.inject(target.tabId, frameIds, !!target.allFrames, false,
              Function.prototype.toString.call(inj.func), args, inj.world || "ISOLATED",
              function (results, err) {
                if (err !== undefined) f.fail(err);
                else f.ok(results);
              });
          } catch (e) {
            f.fail(e.message);
          }
          return f.ret;
        },
      };
      ns.webNavigation = {
        getAllFrames: withSig(style, "webNavigation.getAllFrames", function getAllFrames(d) {
          return x.frames(d.tabId, -1);
        }),
        getFrame: withSig(style, "webNavigation.getFrame", function getFrame(d) {
          const list = x.frames(d.tabId, typeof d.frameId === "number" ? d.frameId : 0);
          return list.length ? list[0] : null;
        }),
      };
      ns.tabs = {
        create: withSig(style, "tabs.create", function create(props) { return x.tabsCreate(props); }),
        update: withSig(style, "tabs.update", function update(id, props) {
          // Without a tabId: the caller's tab, else the active tab of the
          // current window.
          if (id === undefined) {
            const cur = x.currentTab() || x.tabsQuery({ active: true, currentWindow: true })[0];
            id = cur ? cur.id : -1;
          }
          return x.tabsUpdate(id, props);
        }),
        remove: removeWith(style, "tabs.remove", x.tabsRemove),
        reload: withSig(style, "tabs.reload", function reload(id) {
          if (id === undefined) {
            const cur = x.currentTab() || x.tabsQuery({ active: true, currentWindow: true })[0];
            id = cur ? cur.id : -1;
          }
          x.tabsReload(id);
        }),
        connect: tabsConnect,
        sendMessage: tabsSendMessageWith(style),
        query: withSig(style, "tabs.query", function query(q) { return x.tabsQuery(q); }),
        get: withSig(style, "tabs.get", function get(id) { return x.tabsGet(id); }),
        getCurrent: withSig(style, "tabs.getCurrent", function getCurrent() { return x.currentTab(); }),
        onCreated: events["tabs.onCreated"],
        onUpdated: events["tabs.onUpdated"],
        onRemoved: events["tabs.onRemoved"],
        onActivated: events["tabs.onActivated"],
      };
      if (MV < 3) {
        ns.tabs.executeScript = function executeScript() {
          const v = parseArgs("tabs.executeScript", Array.from(arguments));
          let id = v[0];
          const details = v[1];
          if (id === undefined) {
            const active = x.tabsQuery({ active: true, currentWindow: true });
            id = active.length ? active[0].id : -1;
          }
          const frames = typeof details.frameId === "number" ? [details.frameId] : null;
          const f = finisher(style, v[2]);
          // Firefox's ext-tabs-base.js text.
          if ((details.code === undefined) === (details.file === undefined)) {
            f.fail("executeScript requires either a 'code' or a 'file' property, but not both");
            return f.ret;
          }
          if (details.file !== undefined) {
            return executeScriptWith(f, id, frames, !!details.allFrames, [details.file], function () { return null; });
          }
          // code: each frame's completion value; a throw in any frame
          // rejects with its message.
          try {
            x.inject(id, frames, !!details.allFrames, true, details.code, null, "ISOLATED", function (results, err) {
              if (err !== undefined) f.fail(err);
              else f.ok(results);
            });
          } catch (e) {
            f.fail(e.message);
          }
          return f.ret;
        };
      }
      ns.windows = {
        WINDOW_ID_NONE: -1,
        WINDOW_ID_CURRENT: -2,
        get: withSig(style, "windows.get", function get(id, q) { return x.windowsGet(id, q); }),
        getCurrent: withSig(style, "windows.getCurrent", function getCurrent(q) { return x.windowsCurrent(q); }),
        getLastFocused: withSig(style, "windows.getLastFocused", function getLastFocused(q) { return x.windowsLastFocused(q); }),
        getAll: withSig(style, "windows.getAll", function getAll(q) { return x.windowsAll(q); }),
        create: withSig(style, "windows.create", function create(data) { return x.windowsCreate(data); }),
        remove: removeWith(style, "windows.remove", x.windowsRemove),
        onCreated: events["windows.onCreated"],
        onRemoved: events["windows.onRemoved"],
        onFocusChanged: events["windows.onFocusChanged"],
      };
      ns.extension = {
        getURL: withArgs("extension.getURL", function getURL(path) { return x.getURL(path.replace(/^\//, "")); }),
        getBackgroundPage: noBackgroundPage("extension.getBackgroundPage"),
      };
      runtime.getBackgroundPage = noBackgroundPage("runtime.getBackgroundPage");
      if (MV >= 3) {
        ns.action = {
          onClicked: events["action.onClicked"],
          openPopup: withSig(style, "action.openPopup", function openPopup() { x.openPopup(); }),
        };
      } else {
        ns.browserAction = { onClicked: events["browserAction.onClicked"] };
        if (!CHROME) {
          ns.browserAction.openPopup = withSig(style, "browserAction.openPopup", function openPopup() { x.openPopup(); });
        }
        ns.pageAction = { onClicked: events["pageAction.onClicked"] };
      }
    }
    if (IS_EXTENSION) addUnsupported(ns, style === "chrome" ? "chrome" : "browser");
    return ns;
  }

  const g = globalThis;
  // Firefox's content scripts have one namespace object, promise-style, as
  // both chrome and browser (chrome === browser; chrome.* without a callback
  // returns a Promise in MV2 too: measured on Firefox ESR 153).
  const SHARED_NS = !CHROME && IS_CONTENT;
  const chromeNS = SHARED_NS ? null : makeNamespace("chrome");
  const browserNS = makeNamespace("promise");
  const chromeGlobal = SHARED_NS ? browserNS : chromeNS;
  if (chromeGlobal) Object.defineProperty(g, "chrome", { value: chromeGlobal, writable: true, configurable: true });
  if (browserNS && (!IS_PAGE || !CHROME)) Object.defineProperty(g, "browser", { value: browserNS, writable: true, configurable: true });

  // ------------------------------------------------------------------ hooks

  function senderOrUndefined(s) {
    return s;
  }

  // Chrome's one-off listener rules (G4-G17, errata 1): the first answer
  // wins; `true` or a Promise keeps the channel open; a throw fails it with
  // the error's message.
  function chromeRequest(handle, listeners, message, sender) {
    let awaiting = false;
    const sendResponse = function sendResponse(v) {
      x.respond(handle, v);
    };
    for (const l of listeners) {
      let r;
      try {
        r = l(message, sender, sendResponse);
      } catch (e) {
        x.fail(handle, e instanceof Error ? e.message : S14);
        reportListenerError(e);
        continue;
      }
      if (r === true) {
        awaiting = true;
      } else if (r instanceof Promise) {
        awaiting = true;
        r.then((v) => x.respond(handle, v), (e) => x.fail(handle, e instanceof Error ? e.message : S14));
      }
    }
    return awaiting ? 2 : 1;
  }

  // ffErrorText is the text a Firefox sender gets when a listener throws or
  // rejects with e (FF-46): the message of an Error, or of any object with a
  // string message (measured on Firefox ESR 153 by conformance case
  // om-promise-rejects-non-error), else the generic text.
  function ffErrorText(e) {
    return e !== null && typeof e === "object" && typeof e.message === "string" ? e.message : FF_UNEXPECTED;
  }

  // Firefox's (FF-42..46): per listener, a Promise is its answer (its
  // sendResponse is ignored), `true` waits for sendResponse, a synchronous
  // sendResponse answers, a throw rejects; the first to settle wins.
  function firefoxRequest(handle, listeners, message, sender) {
    let waiting = false;
    let current = null; // the listener running now: {value, called}
    let afterReturn = false;
    const sendResponse = function sendResponse(v) {
      if (current) {
        if (!current.called) { current.called = true; current.value = v; }
        return;
      }
      if (afterReturn && waiting) x.respond(handle, v);
    };
    const promises = [];
    for (const l of listeners) {
      current = { called: false, value: undefined };
      let r;
      try {
        r = l(message, sender, sendResponse);
      } catch (e) {
        current = null;
        x.fail(handle, ffErrorText(e));
        return 2;
      }
      const mine = current;
      current = null;
      if (r instanceof Promise) {
        promises.push(r);
      } else if (mine.called) {
        x.respond(handle, mine.value);
      } else if (r === true) {
        waiting = true;
      }
    }
    afterReturn = true;
    for (const p of promises) {
      p.then((v) => x.respond(handle, v), (e) => x.fail(handle, ffErrorText(e)));
    }
    return promises.length > 0 || waiting ? 2 : 1;
  }

  // lib is what API modules (storage.js, test.js...) build on.
  const lib = {
    CHROME, KIND, IS_CONTENT, IS_PAGE, IS_EXTENSION, MV,
    Event, dispatch, invocation, ffIncorrect, ffParam, checkProps, typeName,
    withLastError, finisher, withSig, withArgs, parseArgs, sigText,
    reportListenerError, listenerErrorHandlers,
    // events maps browser event names ("alarms.onAlarm") to their Event
    // objects; modules add theirs (before listeners are added). Go's
    // DispatchEvent reaches them through hooks.event.
    events,
    // namespaces: [namespace object, style] pairs; a module adds its API to
    // each (style is "chrome" or "promise", for finisher).
    namespaces: [chromeNS, browserNS].filter(Boolean).map((ns, i) => [ns, ns === chromeNS ? "chrome" : "promise"]),
  };

  const hooks = {
    connect(handle, eventName, name, sender) {
      const ev = eventName === "runtime.onConnectExternal" ? runtimeEvents.onConnectExternal : runtimeEvents.onConnect;
      if (ev._listeners.length === 0) return false; // B9
      const port = makePort(handle, name, senderOrUndefined(sender));
      dispatch1(ev, port);
      return true;
    },
    message(handle, value) {
      const port = ports.get(handle);
      if (port) dispatch(port.onMessage, value, port);
    },
    disconnect(handle, errMsg) {
      const port = ports.get(handle);
      if (!port) return;
      ports.delete(handle);
      if (!CHROME) {
        port.error = errMsg === null ? null : new Error(errMsg);
        dispatch1(port.onDisconnect, port);
        return;
      }
      const listeners = port.onDisconnect._listeners.slice();
      withLastError(errMsg, function () {
        for (const l of listeners) {
          try { l(port); } catch (e) { reportListenerError(e); }
        }
      }, []);
    },
    request(handle, eventName, message, sender) {
      const ev = eventName === "runtime.onMessageExternal" ? runtimeEvents.onMessageExternal : runtimeEvents.onMessage;
      const listeners = ev._listeners.slice();
      if (listeners.length === 0) return 0; // B9
      return CHROME ? chromeRequest(handle, listeners, message, sender) : firefoxRequest(handle, listeners, message, sender);
    },
    outcome(id, kind, value, errMsg) {
      const f = calls.get(id);
      if (!f) return;
      calls.delete(id);
      if (kind === "responded") f.ok(value);
      else if (kind === "no-response") f.none(errMsg);
      else f.fail(errMsg);
    },
    event(name) {
      if (Object.prototype.hasOwnProperty.call(events, name)) dispatchArgs(events[name], Array.prototype.slice.call(arguments, 1));
    },
  };
  return { hooks, lib };
})
