// chrome.alarms / browser.alarms over the natives of alarms.go. Only
// extension contexts with the "alarms" permission get the API.
(function (lib, x) {
  "use strict";
  if (!x.enabled) return undefined;
  const onAlarm = new lib.Event("alarms.onAlarm");
  lib.events["alarms.onAlarm"] = onAlarm;
  const CREATE_SIG = lib.sigText("alarms.create");

  function create(style) {
    return function create() {
      const args = Array.prototype.slice.call(arguments);
      let callback;
      if (args.length > 0 && typeof args[args.length - 1] === "function") callback = args.pop();
      let name = "", info;
      if (args.length === 2 || typeof args[0] === "string") { name = args[0] === undefined ? "" : args[0]; info = args[1]; }
      else info = args[0];
      if (typeof name !== "string" || info === null || typeof info !== "object" || args.length > 2) {
        throw lib.CHROME ? lib.invocation(CREATE_SIG, "No matching signature.") : lib.ffIncorrect("alarms.create");
      }
      const o = lib.checkProps(info, { when: "number", delayInMinutes: "number", periodInMinutes: "number" }, CREATE_SIG, "alarmInfo", "alarms.create");
      const err = x.create(name, o.when, o.delayInMinutes, o.periodInMinutes);
      if (err) throw new Error(err);
      const f = lib.finisher(style, callback);
      Promise.resolve().then(function () { f.ok(undefined); });
      return f.ret;
    };
  }
  for (const pair of lib.namespaces) {
    const ns = pair[0], style = pair[1];
    ns.alarms = {
      create: create(style),
      get: lib.withSig(style, "alarms.get", function (name) { return x.get(name === undefined ? "" : name); }),
      getAll: lib.withSig(style, "alarms.getAll", function () { return x.getAll(); }),
      clear: lib.withSig(style, "alarms.clear", function (name) { return x.clear(name === undefined ? "" : name); }),
      clearAll: lib.withSig(style, "alarms.clearAll", function () { return x.clearAll(); }),
      onAlarm: onAlarm,
    };
  }
  return undefined;
})
