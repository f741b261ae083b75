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

  // checkProps validates an options object against a property table
  // {name: "string"|"boolean"|"integer>=0"} and returns a plain copy. Getters
  // are read once (K5).
  function checkProps(obj, table, sig, param, api) {
    const out = {};
    for (const key of Object.keys(obj)) {
      if (!Object.prototype.hasOwnProperty.call(table, key)) {
        throw CHROME
          ? invocation(sig, "Error at parameter '" + param + "': Unexpected property: '" + key + "'.")
          : ffParam(param, 'Unexpected property "' + key + '"', api);
      }
    }
    for (const key of Object.keys(table)) {
      if (!(key in obj)) continue;
      const v = obj[key];
      if (v === undefined || (v === null && !CHROME)) continue;
      const want = table[key];
      let ok, expected = want;
      if (want === "integer>=0") {
        expected = "integer";
        ok = typeof v === "number" && Number.isInteger(v);
        if (ok && v < 0) {
          throw CHROME
            ? invocation(sig, "Error at parameter '" + param + "': Error at property '" + key + "': Value must be at least 0.")
            : ffParam(param, "Error processing " + key + ": Integer " + v + " is too small (must be at least 0)", api);
        }
      } else {
        ok = typeof v === want;
      }
      if (!ok) {
        if (v === null && key === "frameId") continue; // null frameId = all frames (D3)
        throw CHROME
          ? invocation(sig, "Error at parameter '" + param + "': Error at property '" + key + "': Invalid type: expected " + expected + ", found " + typeName(v) + ".")
          : ffParam(param, "Error processing " + key + ": Expected " + expected + " instead of " + ffShow(v), api);
      }
      out[key] = v;
    }
    return out;
  }

  // ------------------------------------------------------------ lastError

  let lastError;
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

  class Event {
    constructor(name) {
      Object.defineProperty(this, "_name", { value: name });
      Object.defineProperty(this, "_listeners", { value: [] });
    }
    addListener(cb) {
      if (typeof cb !== "function") {
        throw CHROME
          ? invocation(this._name + ".addListener(function callback)", "No matching signature.")
          : new Error("Invalid listener for " + this._name + ".");
      }
      if (!this._listeners.includes(cb)) this._listeners.push(cb);
    }
    removeListener(cb) {
      const i = this._listeners.indexOf(cb);
      if (i >= 0) this._listeners.splice(i, 1);
    }
    hasListener(cb) {
      return this._listeners.includes(cb);
    }
    hasListeners() {
      return this._listeners.length > 0;
    }
  }
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

  // ----------------------------------------------------------------- ports

  const ports = new Map(); // handle -> port object

  function makePort(handle, name, sender) {
    const onMessage = new Event("Port.onMessage");
    const onDisconnect = new Event("Port.onDisconnect");
    const port = {};
    Object.defineProperty(port, "name", { value: name, enumerable: true });
    if (sender !== undefined) port.sender = sender;
    if (!CHROME) port.error = null;
    port.onMessage = onMessage;
    port.onDisconnect = onDisconnect;
    port.postMessage = function postMessage(message) {
      if (arguments.length === 0) throw new TypeError("Insufficient number of arguments."); // errata 5
      x.post(handle, message);
    };
    port.disconnect = function disconnect() {
      x.disconnect(handle);
      ports.delete(handle);
    };
    ports.set(handle, port);
    return port;
  }

  // ------------------------------------------------------------- callbacks

  // A call's result goes to a callback, or a promise, per namespace:
  // browser.* always returns a promise; chrome.* takes a callback and
  // returns a promise without one in Chrome MV3, undefined in Firefox
  // (differences table row 29).
  function finisher(style, callback) {
    if (callback) {
      return {
        ret: undefined,
        ok: (v) => withLastError(null, callback, v === undefined ? [] : [v]),
        none: (msg) => withLastError(msg, callback, []),
        fail: (msg) => withLastError(msg, callback, []),
      };
    }
    if (style === "promise" || (style === "chrome" && CHROME && MV >= 3)) {
      let resolve, reject;
      const p = new Promise((a, b) => { resolve = a; reject = b; });
      return { ret: p, ok: resolve, none: () => resolve(undefined), fail: (msg) => reject(new Error(msg)) };
    }
    // Firefox chrome.* without a callback: errors are only logged.
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
    const sig = "runtime.connect(optional string extensionId, optional object connectInfo)";
    const api = "runtime.connect";
    let id, info;
    const a0 = args[0], a1 = args[1];
    if (args.length > 2) throw CHROME ? invocation(sig, "No matching signature.") : ffIncorrect(api);
    if (args.length === 2 || typeof a0 === "string" || a0 === null || a0 === undefined) {
      if (!(a0 === null || a0 === undefined || typeof a0 === "string")) throw CHROME ? invocation(sig, "No matching signature.") : ffIncorrect(api);
      id = a0;
      info = a1;
    } else {
      info = a0;
    }
    if (info !== undefined && info !== null && (typeof info !== "object" || Array.isArray(info))) {
      throw CHROME ? invocation(sig, "No matching signature.") : ffIncorrect(api);
    }
    const opts = info ? checkProps(info, { name: "string", includeTlsChannelId: "boolean" }, sig, "connectInfo", api) : {};
    return { id: id || "", name: opts.name === undefined ? "" : opts.name };
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
      throw CHROME ? invocation("runtime.connect(optional string extensionId, optional object connectInfo)", e.message) : e;
    }
    return makePort(handle, a.name, undefined);
  }

  // parseSendMessage follows Chrome's argument massaging (G1) or Firefox's
  // (FF-41). It returns {id, message, callback} or throws/rejects.
  function parseSendMessage(args, style) {
    const sig = "runtime.sendMessage(optional string extensionId, any message, optional object options, optional function callback)";
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
    // Firefox parseBonkersArgs: errors reject the returned promise.
    if (args.length > 0 && typeof args[args.length - 1] === "function") callback = args.pop();
    const fail = (m) => ({ error: m, callback });
    if (args.length === 0) return fail("runtime.sendMessage's message argument is missing");
    if (args.length > 3) return fail("runtime.sendMessage received too many arguments");
    let id, message, options;
    if (args.length === 1 || (args.length === 2 && (args[1] === null || args[1] === undefined || (typeof args[1] === "object" && Object.keys(args[1]).length === 0 && typeof args[0] !== "string")))) {
      message = args[0];
      options = args[1];
    } else if (args.length === 2) {
      id = args[0]; message = args[1];
    } else {
      id = args[0]; message = args[1]; options = args[2];
    }
    if (id !== undefined && id !== null && typeof id !== "string") return fail("runtime.sendMessage's extensionId argument is invalid");
    if (options !== undefined && options !== null && (typeof options !== "object" || Object.keys(options).length > 0)) {
      return fail("runtime.sendMessage's options argument is invalid");
    }
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
        if (CHROME) throw invocation("runtime.sendMessage(optional string extensionId, any message, optional object options, optional function callback)", e.message); // F4
        f.fail(e.message); // FF-35: the promise rejects
        return f.ret;
      }
      calls.set(id, f);
      return f.ret;
    };
  }

  // ----------------------------------------------------------------- tabs

  function tabsConnect(tabId, connectInfo) {
    const sig = "tabs.connect(integer tabId, optional object connectInfo)";
    const api = "tabs.connect";
    if (arguments.length < 1 || arguments.length > 2 || typeof tabId !== "number" || !Number.isInteger(tabId)) {
      throw CHROME ? invocation(sig, "No matching signature.") : ffIncorrect(api);
    }
    if (tabId < 0) {
      throw CHROME ? invocation(sig, "Error at parameter 'tabId': Value must be at least 0.")
        : ffParam("tabId", "Integer " + tabId + " is too small (must be at least 0)", api);
    }
    if (connectInfo !== undefined && connectInfo !== null && (typeof connectInfo !== "object" || Array.isArray(connectInfo))) {
      throw CHROME ? invocation(sig, "No matching signature.") : ffIncorrect(api);
    }
    const o = connectInfo ? checkProps(connectInfo, { name: "string", frameId: "integer>=0", documentId: "string" }, sig, "connectInfo", api) : {};
    const name = o.name === undefined ? "" : o.name;
    const frame = typeof o.frameId === "number" ? o.frameId : -1;
    const handle = x.connect("tab", "", tabId + 0, frame, o.documentId || "", name);
    return makePort(handle, name, undefined);
  }

  function tabsSendMessageWith(style) {
    return function sendMessage() {
      const sig = "tabs.sendMessage(integer tabId, any message, optional object options, optional function callback)";
      const api = "tabs.sendMessage";
      const args = Array.from(arguments);
      let callback;
      if (args.length > 2 && typeof args[args.length - 1] === "function") callback = args.pop();
      const [tabId, message, options] = args;
      if (args.length < 2 || args.length > 3 || typeof tabId !== "number" || !Number.isInteger(tabId)) {
        throw CHROME ? invocation(sig, "No matching signature.") : ffIncorrect(api);
      }
      if (tabId < 0) {
        throw CHROME ? invocation(sig, "Error at parameter 'tabId': Value must be at least 0.")
          : ffParam("tabId", "Integer " + tabId + " is too small (must be at least 0)", api);
      }
      const o = options ? checkProps(options, { frameId: "integer>=0", documentId: "string" }, sig, "options", api) : {};
      const f = finisher(style, callback);
      let id;
      try {
        id = x.send("tab", "", tabId + 0, typeof o.frameId === "number" ? o.frameId : -1, o.documentId || "", message);
      } catch (e) {
        if (CHROME) throw invocation(sig, e.message);
        f.fail(e.message);
        return f.ret;
      }
      calls.set(id, f);
      return f.ret;
    };
  }

  function withResult(style, fn, argCount) {
    return function () {
      const args = Array.from(arguments);
      let callback;
      if (args.length > argCount && typeof args[args.length - 1] === "function") callback = args.pop();
      const f = finisher(style, callback);
      let v;
      try {
        v = fn.apply(undefined, args);
      } catch (e) {
        f.fail(e.message);
        return f.ret;
      }
      Promise.resolve().then(() => f.ok(v));
      return f.ret;
    };
  }

  // -------------------------------------------------------- unsupported

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
    return {
      addListener: unsupported(path + ".addListener"),
      removeListener: unsupported(path + ".removeListener"),
      hasListener: unsupported(path + ".hasListener"),
      hasListeners: unsupported(path + ".hasListeners"),
    };
  }
  // UNSUPPORTED lists, per namespace, the members given throwing stubs;
  // names starting with "on" are events.
  const UNSUPPORTED = {
    runtime: ["connectNative", "sendNativeMessage", "setUninstallURL", "getPlatformInfo", "onSuspend", "onUpdateAvailable"],
    tabs: ["onCreated", "onUpdated", "onRemoved", "onActivated", "duplicate", "move", "captureVisibleTab", "discard", "goBack", "goForward"],
    contextMenus: ["create", "update", "remove", "removeAll", "onClicked"],
    notifications: ["create", "clear", "onClicked"],
    cookies: ["get", "getAll", "set", "remove", "onChanged"],
    permissions: ["contains", "request", "remove", "getAll", "onAdded", "onRemoved"],
    i18n: ["detectLanguage"],
    windows: ["create", "get", "getAll", "getCurrent", "update", "remove", "onCreated", "onRemoved", "onFocusChanged"],
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
    onInstalled: new Event("runtime.onInstalled"),
    onStartup: new Event("runtime.onStartup"),
  };
  const actionEvents = {
    "action.onClicked": new Event("action.onClicked"),
    "browserAction.onClicked": new Event("browserAction.onClicked"),
    "pageAction.onClicked": new Event("pageAction.onClicked"),
  };

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
    runtime.getURL = function getURL(path) {
      if (typeof path !== "string") {
        throw CHROME ? invocation("runtime.getURL(string path)", "No matching signature.") : ffIncorrect("runtime.getURL");
      }
      return x.getURL(path.replace(/^\//, ""));
    };
    runtime.getManifest = function getManifest() { return x.manifest(); };
    runtime.connect = connectRuntime;
    runtime.sendMessage = sendMessageWith(style);
    runtime.onConnect = runtimeEvents.onConnect;
    runtime.onMessage = runtimeEvents.onMessage;
    if (IS_EXTENSION) {
      runtime.onConnectExternal = runtimeEvents.onConnectExternal;
      runtime.onMessageExternal = runtimeEvents.onMessageExternal;
      runtime.onInstalled = runtimeEvents.onInstalled;
      runtime.onStartup = runtimeEvents.onStartup;
    }
    if (IS_EXTENSION) {
      runtime.reload = function reload() { x.reload(); };
      runtime.openOptionsPage = withResult(style, function openOptionsPage() { x.openOptionsPage(); }, 0);
    }
    ns.runtime = runtime;
    if (!IS_CONTENT) {
      const tabIdArg = function (api, id) {
        if (typeof id !== "number" || !Number.isInteger(id)) {
          throw CHROME ? invocation(api, "No matching signature.") : ffIncorrect(api.split("(")[0]);
        }
        return id;
      };
      // executeScriptWith settles once the files have run in every frame.
      const executeScriptWith = function (callback, f, tabId, frames, all, files, map) {
        try {
          x.executeScript(tabId, frames, all, files, function (results) { f.ok(map ? results.map(map) : results); });
        } catch (e) {
          f.fail(e.message);
        }
        return f.ret;
      };
      ns.scripting = {
        executeScript: function executeScript(inj, callback) {
          const sig = "scripting.executeScript(object injection, optional function callback)";
          if (!inj || typeof inj !== "object" || !inj.target || typeof inj.target.tabId !== "number") {
            throw CHROME ? invocation(sig, "Error at parameter 'injection': Missing required property 'target'.") : ffIncorrect("scripting.executeScript");
          }
          if (!Array.isArray(inj.files)) throw new Error("extsim supports scripting.executeScript with files only (not func) yet");
          const f = finisher(style, typeof callback === "function" ? callback : undefined);
          return executeScriptWith(callback, f, inj.target.tabId, inj.target.frameIds || null, !!inj.target.allFrames, inj.files, null);
        },
      };
      ns.webNavigation = {
        getAllFrames: withResult(style, function getAllFrames(d) { return x.frames(tabIdArg("webNavigation.getAllFrames(object details)", d && d.tabId), -1); }, 1),
        getFrame: withResult(style, function getFrame(d) {
          const list = x.frames(tabIdArg("webNavigation.getFrame(object details)", d && d.tabId), d.frameId);
          return list.length ? list[0] : null;
        }, 1),
      };
      ns.tabs = {
        create: withResult(style, function create(props) { return x.tabsCreate(props || {}); }, 1),
        update: withResult(style, function update(id, props) {
          if (typeof id === "object" && id !== null) { props = id; id = x.currentTab() ? x.currentTab().id : -1; }
          return x.tabsUpdate(tabIdArg("tabs.update(optional integer tabId, object updateProperties)", id), props || {});
        }, 2),
        remove: withResult(style, function remove(ids) { x.tabsRemove(ids); }, 1),
        reload: withResult(style, function reload(id) { x.tabsReload(typeof id === "number" ? id : x.currentTab().id); }, 2),
        connect: tabsConnect,
        sendMessage: tabsSendMessageWith(style),
        query: withResult(style, function query(q) {
          if (q === null || typeof q !== "object") {
            throw CHROME ? invocation("tabs.query(object queryInfo, optional function callback)", "No matching signature.") : ffIncorrect("tabs.query");
          }
          return x.tabsQuery(q);
        }, 1),
        get: withResult(style, function get(id) { return x.tabsGet(id); }, 1),
        getCurrent: withResult(style, function getCurrent() { return x.currentTab(); }, 0),
      };
      if (MV < 3) {
        ns.tabs.executeScript = function executeScript(id, details, callback) {
          if (typeof id === "object") { callback = details; details = id; id = undefined; }
          if (id === undefined) {
            const active = x.tabsQuery({ active: true, currentWindow: true });
            id = active.length ? active[0].id : -1;
          }
          if (!details || typeof details.file !== "string") throw new Error("extsim supports tabs.executeScript with a file only (not code) yet");
          const frames = typeof details.frameId === "number" ? [details.frameId] : null;
          const f = finisher(style, typeof callback === "function" ? callback : undefined);
          return executeScriptWith(callback, f, id, frames, !!details.allFrames, [details.file], function () { return null; });
        };
      }
      ns.extension = { getURL: runtime.getURL };
      if (MV >= 3) ns.action = { onClicked: actionEvents["action.onClicked"] };
      else {
        ns.browserAction = { onClicked: actionEvents["browserAction.onClicked"] };
        ns.pageAction = { onClicked: actionEvents["pageAction.onClicked"] };
      }
    }
    if (IS_EXTENSION) addUnsupported(ns, style === "chrome" ? "chrome" : "browser");
    return ns;
  }

  const g = globalThis;
  const chromeNS = makeNamespace("chrome");
  const browserNS = makeNamespace("promise");
  if (chromeNS) Object.defineProperty(g, "chrome", { value: chromeNS, writable: true, configurable: true });
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
        x.fail(handle, e instanceof Error ? e.message : FF_UNEXPECTED);
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
      p.then((v) => x.respond(handle, v), (e) => x.fail(handle, e instanceof Error ? e.message : FF_UNEXPECTED));
    }
    return promises.length > 0 || waiting ? 2 : 1;
  }

  // lib is what API modules (storage.js, test.js...) build on.
  const lib = {
    CHROME, KIND, IS_CONTENT, IS_PAGE, IS_EXTENSION, MV,
    Event, dispatch, invocation, ffIncorrect, ffParam, checkProps, typeName,
    withLastError, finisher, withResult, reportListenerError, listenerErrorHandlers,
    // events maps browser event names ("alarms.onAlarm") to the Event
    // objects modules define; Go's DispatchEvent reaches them through
    // hooks.event.
    events: {},
    // namespaces: [namespace object, style] pairs; a module adds its API to
    // each (style is "chrome" or "promise", for finisher).
    namespaces: [chromeNS, browserNS].filter(Boolean).map((ns, i) => [ns, ns === chromeNS ? "chrome" : "promise"]),
  };

  const hooks = {
    connect(handle, eventName, name, sender) {
      const ev = eventName === "runtime.onConnectExternal" ? runtimeEvents.onConnectExternal : runtimeEvents.onConnect;
      if (ev._listeners.length === 0) return false; // B9
      const port = makePort(handle, name, senderOrUndefined(sender));
      dispatch(ev, port);
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
        dispatch(port.onDisconnect, port);
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
      const a = arguments[1], b = arguments[2];
      if (name in actionEvents) dispatch(actionEvents[name], a, b);
      else if (name === "runtime.onInstalled") dispatch(runtimeEvents.onInstalled, a, b);
      else if (name === "runtime.onStartup") dispatch(runtimeEvents.onStartup, a, b);
      else if (Object.prototype.hasOwnProperty.call(lib.events, name)) dispatch(lib.events[name], a, b);
    },
  };
  return { hooks, lib };
})
