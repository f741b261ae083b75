// extsim's storage API (chrome.storage / browser.storage), run after the
// prelude as a function of its lib and the Go natives `x` (storage.go). It
// validates arguments in each browser's grammar and hands every call to
// x.op, which answers through the `done` hook; storage changes arrive
// through the `changed` hook.
(function (lib, x) {
  "use strict";
  if (!x.enabled) return undefined; // no "storage" permission, or a web page
  const CHROME = lib.CHROME;
  const IS_CONTENT = lib.IS_CONTENT;
  const MV = lib.MV;

  // Chrome has storage.session in MV3 (content scripts see it, subject to
  // the access level); Firefox in extension contexts only.
  const AREAS = ["sync", "local", "managed"];
  if (CHROME ? MV >= 3 : !IS_CONTENT) AREAS.push("session");
  const LEVELS = ["TRUSTED_AND_UNTRUSTED_CONTEXTS", "TRUSTED_CONTEXTS"];

  // ---------------------------------------------------------------- events

  // A listener the background adds makes storage changes wake it later
  // (Chrome's lazy listeners, Firefox's persistent events).
  class StorageEvent extends lib.Event {
    addListener(cb) {
      super.addListener(cb);
      x.listen();
    }
  }
  const onChanged = new StorageEvent("storage.onChanged");
  const areaEvents = {};
  for (const area of AREAS) areaEvents[area] = new StorageEvent("storage." + area + ".onChanged");

  // ------------------------------------------------------------- arguments

  const CALLBACK = { name: "callback", types: ["function"], optional: true };
  const METHODS = {
    get: [{ name: "keys", types: ["string", "array", "object"], optional: true }, CALLBACK],
    getKeys: [CALLBACK],
    getBytesInUse: [{ name: "keys", types: ["string", "array"], optional: true }, CALLBACK],
    set: [{ name: "items", types: ["object"] }, CALLBACK],
    remove: [{ name: "keys", types: ["string", "array"] }, CALLBACK],
    clear: [CALLBACK],
    setAccessLevel: [{ name: "accessOptions", types: ["object"] }, CALLBACK],
  };

  // signature is Chrome's text of a StorageArea method's schema (the
  // methods belong to the StorageArea type, hence "storage.get").
  function signature(method) {
    return "storage." + method + "(" + METHODS[method].map(function (p) {
      const type = p.types.length > 1 ? "[" + p.types.join("|") + "]" : p.types[0];
      return (p.optional ? "optional " : "") + type + " " + p.name;
    }).join(", ") + ")";
  }

  function isType(type, v) {
    switch (type) {
      case "string": return typeof v === "string";
      case "array": return Array.isArray(v);
      case "object": return typeof v === "object" && !Array.isArray(v);
      case "function": return typeof v === "function";
    }
    return false;
  }

  // parse matches the arguments to the method's parameters as Chrome's
  // bindings do: null or undefined fills an optional parameter, an argument
  // of the wrong type skips an optional one, and anything left over fails.
  // It returns one value per parameter (null when omitted). Firefox fails
  // with "Incorrect argument types for storage.<area>.<method>."
  function parse(area, method, args) {
    const fail = function (detail) {
      return CHROME ? lib.invocation(signature(method), detail) : lib.ffIncorrect("storage." + area + "." + method);
    };
    const out = [];
    let i = 0;
    for (const p of METHODS[method]) {
      const v = args[i];
      if (i >= args.length || v === undefined || v === null) {
        if (!p.optional) throw fail("No matching signature.");
        out.push(null);
        if (i < args.length) i++;
        continue;
      }
      if (!p.types.some(function (t) { return isType(t, v); })) {
        if (!p.optional) throw fail("No matching signature.");
        out.push(null);
        continue;
      }
      if (Array.isArray(v) && !v.every(function (k) { return typeof k === "string"; })) {
        throw fail("Error at parameter '" + p.name + "': Value did not match any choice.");
      }
      out.push(v);
      i++;
    }
    if (i < args.length) throw fail("No matching signature.");
    return out;
  }

  // accessLevel validates setAccessLevel's accessOptions.
  function accessLevel(o) {
    const sig = signature("setAccessLevel");
    const at = "Error at parameter 'accessOptions': ";
    for (const k of Object.keys(o)) {
      if (k !== "accessLevel") throw lib.invocation(sig, at + "Unexpected property: '" + k + "'.");
    }
    const v = o.accessLevel;
    if (v === undefined || v === null) throw lib.invocation(sig, at + "Missing required property 'accessLevel'.");
    if (typeof v !== "string") {
      throw lib.invocation(sig, at + "Error at property 'accessLevel': Invalid type: expected string, found " + lib.typeName(v) + ".");
    }
    if (LEVELS.indexOf(v) < 0) {
      throw lib.invocation(sig, at + "Error at property 'accessLevel': Value must be one of " + LEVELS.join(", ") + ".");
    }
    return v;
  }

  // ----------------------------------------------------------------- calls

  const pending = new Map(); // call id -> finisher
  let nextId = 0;

  function makeArea(area, style) {
    const o = {};
    const constants = x.constants[area];
    if (constants) {
      for (const k of Object.keys(constants)) {
        Object.defineProperty(o, k, { value: constants[k], enumerable: true });
      }
    }
    const methods = ["get", "getKeys", "getBytesInUse", "set", "remove", "clear"];
    if (CHROME && MV >= 3) methods.push("setAccessLevel");
    for (const name of methods) {
      const fn = function () {
        const args = parse(area, name, Array.from(arguments));
        const callback = args.pop();
        let arg = args.length > 0 ? args[0] : null;
        if (name === "setAccessLevel") arg = accessLevel(arg);
        const f = lib.finisher(style, callback || undefined);
        const id = ++nextId;
        const bad = x.op(id, name, area, arg);
        if (bad) throw lib.invocation(signature(name), bad); // Chrome only
        pending.set(id, f);
        return f.ret;
      };
      Object.defineProperty(fn, "name", { value: name });
      o[name] = fn;
    }
    o.onChanged = areaEvents[area];
    return o;
  }

  for (const pair of lib.namespaces) {
    const ns = pair[0], style = pair[1];
    const storage = {};
    for (const area of AREAS) storage[area] = makeArea(area, style);
    storage.onChanged = onChanged;
    if (CHROME && MV >= 3) {
      storage.AccessLevel = Object.freeze({ TRUSTED_AND_UNTRUSTED_CONTEXTS: LEVELS[0], TRUSTED_CONTEXTS: LEVELS[1] });
    }
    ns.storage = storage;
  }

  // ------------------------------------------------------------------ hooks

  return {
    done(id, err, value) {
      const f = pending.get(id);
      if (!f) return;
      pending.delete(id);
      if (err !== null) f.fail(err);
      else f.ok(value);
    },
    changed(area, changes, areaChanges) {
      lib.dispatch(onChanged, changes, area);
      const ev = areaEvents[area];
      if (ev) lib.dispatch(ev, areaChanges);
    },
  };
})
