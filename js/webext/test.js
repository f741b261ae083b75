// extsim's test API module: chrome.test and browser.test, as the browsers'
// own test builds expose them to self-testing extensions (background,
// extension pages and content scripts). Under the chrome profile it follows
// Chromium's extensions/renderer/resources/test_custom_bindings.js (runTests,
// callbackPass, assertions that throw); under the firefox profile,
// toolkit/components/extensions/child/ext-test.js (assertions that report
// and go on). Results go to Go through x.report(kind, test, message).
(function (lib, x) {
  "use strict";
  if (lib.IS_PAGE) return undefined;
  // The API is built on first use: most realms never touch it, and
  // building it in each cost a sixth of a new context. The namespaces'
  // test properties turn into plain data properties then.
  let api = null;
  const nss = lib.namespaces;
  for (let i = 0; i < nss.length; i++) lazy(nss[i][0], nss[i][1]);
  return {
    // message(name, ...args) fires test.onMessage (nobody listens before
    // the API is built).
    message() {
      if (api !== null) api.message.apply(undefined, arguments);
    },
  };

  function lazy(ns, style) {
    const settle = (v) => {
      Object.defineProperty(ns, "test", { value: v, enumerable: true, writable: true, configurable: true });
      return v;
    };
    Object.defineProperty(ns, "test", {
      enumerable: true,
      configurable: true,
      get() {
        if (api === null) api = build();
        return settle(api.make(style));
      },
      set: settle,
    });
  }

  // build returns the profile's API: {make(style) -> test object,
  // message(name, ...args)}.
  function build() {
    const CHROME = lib.CHROME;
    const hasOwn = (o, p) => Object.prototype.hasOwnProperty.call(o, p);
    const classOf = (v) => Object.prototype.toString.call(v).slice(8, -1);
    const chromeEntry = lib.namespaces.find((p) => p[1] === "chrome") || lib.namespaces[0];
    const chromeNS = chromeEntry[0];

    // describe renders a thrown value as a console would: "Error: boom".
    function describe(e) {
      if (e instanceof Error) return e.name + ": " + e.message;
      try { return String(e); } catch (err) { return "<unknown>"; }
    }
    // frames is the stack of e (or of the caller, without e) without its
    // header line and without the frames of this module.
    function frames(e) {
      const s = String((e === undefined ? new Error() : e).stack || "");
      return s.split("\n").slice(1).filter((l) => l.trim() !== "" && !l.includes("extsim:") && !l.includes("(native)")).join("\n");
    }

    // -------------------------------------------------------- signatures

    // Each API checks its arguments against its schema, the way the browser's
    // bindings do, before it runs: params are "type" or "type?" (optional),
    // with types any, string, boolean, function, array, object, regexp,
    // thenable, or a|b for a choice. Optional parameters may be skipped when
    // the argument does not fit, and null or undefined fill them. It returns
    // the arguments in parameter positions, or null when nothing fits.
    function matches(type, v) {
      switch (type) {
        case "any": return true;
        case "array": return Array.isArray(v);
        case "object": return v !== null && typeof v === "object" && !Array.isArray(v);
        case "regexp": return v instanceof RegExp;
        case "thenable": return v !== null && typeof v === "object" && typeof v.then === "function";
        default: return typeof v === type;
      }
    }
    function fit(params, args) {
      const specs = params.map((p) => ({ optional: p.endsWith("?"), types: p.replace("?", "").split("|") }));
      const out = new Array(specs.length);
      function go(pi, ai) {
        if (pi === specs.length) {
          for (let i = ai; i < args.length; i++) if (args[i] !== undefined) return false;
          return true;
        }
        const p = specs[pi];
        if (ai < args.length) {
          const v = args[ai];
          if (p.types[0] === "any" || p.types.some((t) => matches(t, v)) || (p.optional && (v === undefined || v === null))) {
            out[pi] = p.types[0] === "any" || (v !== undefined && v !== null) ? v : undefined;
            if (go(pi + 1, ai + 1)) return true;
          }
        }
        if (p.optional) {
          out[pi] = undefined;
          return go(pi + 1, ai);
        }
        return false;
      }
      return go(0, 0) ? out : null;
    }
    // check validates args for the API `name` (Chromium's signature text is
    // sig) and returns them in parameter positions.
    function check(name, sig, params, args) {
      const out = fit(params, Array.prototype.slice.call(args));
      if (out === null) {
        throw CHROME ? lib.invocation(sig, "No matching signature.") : lib.ffIncorrect("test." + name);
      }
      return out;
    }

    // ---------------------------------------------------------- Chromium

    function chromium() {
      // An assertion that fails reports and then throws this, which stops the
      // test; the harness ignores it wherever it catches it.
      const FAILURE = "chrome.test.failure";
      const SIG = {
        assertTrue: "test.assertTrue(boolean test, optional string message)",
        assertFalse: "test.assertFalse(boolean test, optional string message)",
        assertEq: "test.assertEq(optional any value, optional any other_value, optional string message)",
        assertNe: "test.assertNe(optional any value, optional any other_value, optional string message)",
        assertLastError: "test.assertLastError(string expectedError)",
        assertThrows: "test.assertThrows(function fn, optional object self, array args, optional [string|object] message)",
        assertPromiseRejects: "test.assertPromiseRejects(object promise, [string|object] expectedMessage)",
        callback: "test.callback(optional function func, optional string expectedError)",
        callbackPass: "test.callbackPass(optional function func)",
        callbackFail: "test.callbackFail(string expectedError, optional function func)",
        listenOnce: "test.listenOnce(any event, optional function func)",
        listenForever: "test.listenForever(any event, function func)",
        runTests: "test.runTests(array tests)",
        runWithUserGesture: "test.runWithUserGesture(function functionToRun)",
        log: "test.log(string message)",
        notifyPass: "test.notifyPass(optional string message)",
        notifyFail: "test.notifyFail(string message)",
        sendMessage: "test.sendMessage(string message, optional function callback)",
        getConfig: "test.getConfig(optional function callback)",
        waitForRoundTrip: "test.waitForRoundTrip(string message, optional function callback)",
      };
      const onMessage = new lib.Event("test.onMessage");

      let tests = [];
      let current = null; // the running test function; null outside runTests
      let done = false; // current has passed or failed
      let donePassed = false;
      let failed = 0;
      let count = 1;
      let pending = 0; // callbacks the current test still waits for
      let pendingRejections = 0;
      let runResolve = null, runReject = null;
      let handlerSet = false; // runTests installed its exception handler
      let gesture = 0;

      function testName(t) {
        return t ? (t.name || t.generatedName) : "(no test)";
      }
      // testField is the Test of an event: the test's name, "(no test)"
      // outside runTests, "undefined" for an anonymous test (as Chromium
      // names it in its texts).
      function testField() {
        return String(testName(current));
      }
      function text(v) {
        return v === undefined ? "" : String(v);
      }

      // finish records the current test's result once: a second success is
      // ignored; a failure after a success is reported and counted; a failure
      // after a failure is reported only.
      function finish(pass, message) {
        if (done) {
          if (pass) return;
          x.report("fail", testField(), message);
          if (donePassed) {
            donePassed = false;
            failed++;
          }
          return;
        }
        done = true;
        donePassed = pass;
        x.report(pass ? "pass" : "fail", testField(), message);
        if (!pass) failed++;
        x.task(runNextTest); // Chromium: setTimeout(runNextTest, 0)
      }
      function failNoThrow(message) {
        finish(false, text(message || "FAIL (no message)"));
      }
      function doFail(message) {
        failNoThrow(message);
        throw FAILURE;
      }
      function doSucceed() {
        doAssertEq(0, pendingRejections, "Test had pending promise rejections. This is likely the result of " +
          "not waiting for the promise returned by `assertPromiseRejects()` to " +
          "resolve. Instead, use `await assertPromiseRejects(...)` or " +
          "`assertPromiseRejects(...).then(...).`.");
        finish(true, "");
      }
      // An exception escaping any event listener while runTests runs fails
      // the current test too (Chromium's harness catches them all).
      lib.listenerErrorHandlers.push(function (e) {
        if (!handlerSet) return false;
        if (e === FAILURE) return true;
        failNoThrow("uncaught exception: " + (e instanceof Error ? e.message : String(e)));
        return true;
      });
      // handleException is the exception handler runTests installs: an
      // uncaught exception fails the test.
      function handleException(message, e) {
        if (e === FAILURE) return;
        if (!handlerSet) {
          lib.reportListenerError(e);
          return;
        }
        failNoThrow("uncaught exception: " + (message || "Unknown error"));
      }
      function safeApply(fn, args) {
        try {
          if (fn) return fn.apply(undefined, args);
        } catch (e) {
          if (e === FAILURE) throw e;
          handleException(e && e.message, e);
        }
        return undefined;
      }
      // swallow runs fn from a listener or callback that the API, not the
      // test, calls: a failure has been reported already.
      function swallow(fn) {
        return function () {
          try {
            return fn.apply(this, arguments);
          } catch (e) {
            if (e === FAILURE) return undefined;
            throw e;
          }
        };
      }

      function runNextTest() {
        pending = 0;
        pendingRejections = 0;
        current = tests.shift() || null;
        done = false;
        donePassed = false;
        if (!current) {
          allTestsDone();
          return;
        }
        handlerSet = true;
        try {
          const result = current.call(undefined);
          if (result instanceof Promise) {
            result.catch((e) => handleException(e && e.message, e));
          }
        } catch (e) {
          handleException(e && e.message, e);
        }
      }
      function allTestsDone() {
        const resolve = runResolve, reject = runReject;
        const error = failed > 0 ? "Failed " + failed + " of " + count + " tests" : null;
        tests = [];
        current = null;
        done = false;
        donePassed = false;
        failed = 0;
        count = 1;
        pending = 0;
        pendingRejections = 0;
        runResolve = runReject = null;
        if (error === null) {
          x.report("pass", "", "", true);
          if (resolve) resolve();
        } else {
          x.report("fail", "", error, true);
          if (reject) reject(new Error(error));
        }
      }

      // ------------------------------------------------------ assertions

      function checkCollectionEq(expected, actual, isMap) {
        if (expected.size !== actual.size) return false;
        const items = Array.from(isMap ? actual.entries() : actual.values());
        const used = new Set();
        for (const e of (isMap ? expected.entries() : expected.values())) {
          let found = false;
          for (let i = 0; i < items.length; i++) {
            if (used.has(i)) continue;
            const a = items[i];
            if (isMap ? checkEq(e[0], a[0]) && checkEq(e[1], a[1]) : checkEq(e, a)) {
              used.add(i);
              found = true;
              break;
            }
          }
          if (!found) return false;
        }
        return true;
      }
      // checkEq is Chromium's deep equality (checkEqNonStandard).
      function checkEq(expected, actual) {
        if ((expected === null) !== (actual === null)) return false;
        if (expected === actual) return true;
        if (Number.isNaN(expected) && Number.isNaN(actual)) return true;
        if (typeof expected !== typeof actual) return false;
        if (typeof expected !== "object" && typeof expected !== "function") return false;
        if (typeof expected === "function") return expected.toString() === actual.toString();
        if (Array.isArray(expected) !== Array.isArray(actual)) return false;
        if (Array.isArray(expected) && expected.length !== actual.length) return false;
        if ((actual instanceof ArrayBuffer) !== (expected instanceof ArrayBuffer)) return false;
        if (actual instanceof ArrayBuffer) {
          if (actual.byteLength !== expected.byteLength) return false;
          const a = new Uint8Array(actual), b = new Uint8Array(expected);
          for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
          return true;
        }
        if (expected instanceof Date) {
          if (!(actual instanceof Date)) return false;
          return expected.getTime() === actual.getTime() || (Number.isNaN(expected.getTime()) && Number.isNaN(actual.getTime()));
        }
        if (expected instanceof String || expected instanceof Number || expected instanceof Boolean) {
          if (Object.getPrototypeOf(expected) !== Object.getPrototypeOf(actual)) return false;
          const e = expected.valueOf(), a = actual.valueOf();
          return (Number.isNaN(e) && Number.isNaN(a)) || e === a;
        }
        if (expected instanceof Map) return actual instanceof Map && checkCollectionEq(expected, actual, true);
        if (expected instanceof Set) return actual instanceof Set && checkCollectionEq(expected, actual, false);
        for (const p in actual) if (hasOwn(actual, p) && !hasOwn(expected, p)) return false;
        for (const p in expected) if (hasOwn(expected, p) && !hasOwn(actual, p)) return false;
        for (const p in expected) if (!checkEq(expected[p], actual[p])) return false;
        return true;
      }
      function errorPrefix(message) {
        return "API Test Error in " + testName(current) + (message ? ": " + message : "");
      }
      function doAssertEq(value, other, message) {
        if (checkEq(value, other)) return;
        let msg = errorPrefix(message);
        if (typeof value === "object" || typeof other === "object") {
          msg += "\n" + (JSON.stringify(value) || "" + value) + " did not deep-equal " + (JSON.stringify(other) || "" + other);
        } else {
          msg += "\n" + value + " did not deep-equal " + other;
          if (typeof value !== typeof other) {
            msg += " (type mismatch)\nType: " + typeof value + "\nOther Type:" + typeof other;
          }
        }
        doFail(msg);
      }
      function assertBool(test, expected, message) {
        if (typeof test !== "boolean") {
          doFail(errorPrefix("") + ": assertTrue and assertFalse require a boolean condition.");
        }
        if (test !== expected) doFail(message);
      }
      function doAssertNoLastError() {
        const le = chromeNS.runtime.lastError;
        if (le !== undefined && le !== null) doFail("lastError.message == " + le.message);
      }
      function doAssertLastError(expectedError) {
        doAssertEq(typeof expectedError, "string");
        const le = chromeNS.runtime.lastError;
        assertBool(le !== undefined && le !== null, true, "No lastError, but expected " + expectedError);
        doAssertEq(expectedError, le.message);
      }
      function doCallbackAdded() {
        pending++;
        let called = null;
        return function () {
          if (called !== null) {
            doFail("Callback has already been run. First call:\n" + called + "\nSecond call:\n" + frames());
          }
          called = frames();
          pending--;
          if (pending === 0) doSucceed();
        };
      }
      function doCallback(func, expectedError) {
        const completed = doCallbackAdded();
        return swallow(function () {
          if (expectedError === undefined || expectedError === null) doAssertNoLastError();
          else doAssertLastError(expectedError);
          let result;
          if (func) result = safeApply(func, arguments);
          completed();
          return result;
        });
      }

      function make(style) {
        const t = {};
        const def = (name, fn) => { t[name] = fn; };
        def("runTests", function runTests(list) {
          const [arr] = check("runTests", SIG.runTests, ["array"], arguments);
          for (let i = 0; i < arr.length; i++) {
            if (typeof arr[i] !== "function") {
              throw lib.invocation(SIG.runTests, "Error at parameter 'tests': Error at index " + i + ": Invalid type: expected function, found " + lib.typeName(arr[i]) + ".");
            }
          }
          if (runResolve !== null) throw new Error("chrome.test.runTests is already running.");
          tests = arr.slice();
          count = tests.length;
          return new Promise((resolve, reject) => {
            runResolve = resolve;
            runReject = reject;
            runNextTest();
          });
        });
        def("getConfig", function getConfig(cb) {
          const [callbackFn] = check("getConfig", SIG.getConfig, ["function?"], arguments);
          const f = lib.finisher(style, callbackFn);
          x.task(() => f.ok({}));
          return f.ret;
        });
        def("log", function log(message) {
          const [m] = check("log", SIG.log, ["string"], arguments);
          x.report("log", current ? testField() : "", m);
        });
        def("notifyPass", function notifyPass(message) {
          const [m] = check("notifyPass", SIG.notifyPass, ["string?"], arguments);
          x.report("pass", "", text(m), true);
        });
        def("notifyFail", function notifyFail(message) {
          const [m] = check("notifyFail", SIG.notifyFail, ["string"], arguments);
          x.report("fail", "", m, true);
        });
        def("sendMessage", function sendMessage(message, cb) {
          const [m, callbackFn] = check("sendMessage", SIG.sendMessage, ["string", "function?"], arguments);
          const f = lib.finisher(style, callbackFn);
          x.report("message", current ? testField() : "", JSON.stringify([m]));
          // No Go listener answers: Chromium replies "" (TestSendMessageFunction).
          x.task(() => f.ok(""));
          return f.ret;
        });
        def("waitForRoundTrip", function waitForRoundTrip(message, cb) {
          const [m, callbackFn] = check("waitForRoundTrip", SIG.waitForRoundTrip, ["string", "function?"], arguments);
          const f = lib.finisher(style, callbackFn);
          x.task(() => f.ok(m));
          return f.ret;
        });
        def("fail", function fail(message) { doFail(message); });
        def("succeed", function succeed() { doSucceed(); });
        def("assertTrue", function assertTrue(test, message) {
          const [v, m] = check("assertTrue", SIG.assertTrue, ["boolean", "string?"], arguments);
          assertBool(v, true, m);
        });
        def("assertFalse", function assertFalse(test, message) {
          const [v, m] = check("assertFalse", SIG.assertFalse, ["boolean", "string?"], arguments);
          assertBool(v, false, m);
        });
        def("checkDeepEq", function checkDeepEq(value, other) { return checkEq(value, other); });
        def("assertEq", function assertEq(value, other, message) {
          const [a, b, m] = check("assertEq", SIG.assertEq, ["any?", "any?", "string?"], arguments);
          doAssertEq(a, b, m);
        });
        def("assertNe", function assertNe(value, other, message) {
          const [a, b, m] = check("assertNe", SIG.assertNe, ["any?", "any?", "string?"], arguments);
          if (!checkEq(a, b)) return;
          doFail(errorPrefix(m) + "\nExpected unequal values, but both are " + JSON.stringify(a));
        });
        def("assertNoLastError", function assertNoLastError() { doAssertNoLastError(); });
        def("assertLastError", function assertLastError(expectedError) {
          const [e] = check("assertLastError", SIG.assertLastError, ["string"], arguments);
          doAssertLastError(e);
        });
        def("assertThrows", function assertThrows(fn, self, args, message) {
          const [f, s, a, m] = check("assertThrows", SIG.assertThrows, ["function", "object?", "array", "string|regexp?"], arguments);
          try {
            f.apply(s, a);
            doFail("Did not throw error: " + f);
          } catch (e) {
            if (e !== FAILURE && m !== undefined) {
              if (m instanceof RegExp) assertBool(m.test(e.message), true, e.message + " should match " + m);
              else doAssertEq(m, e.message);
            }
          }
        });
        def("assertPromiseRejects", function assertPromiseRejects(promise, expectedMessage) {
          const [p, m] = check("assertPromiseRejects", SIG.assertPromiseRejects, ["thenable", "string|regexp"], arguments);
          pendingRejections++;
          return p.then(() => {
            pendingRejections--;
            doFail("Promise did not reject. Expected error: " + m);
          }, (e) => {
            pendingRejections--;
            if (m instanceof RegExp) assertBool(m.test(String(e)), true, "'" + (e && e.message) + "' should match '" + m + "'");
            else doAssertEq(m, String(e));
          });
        });
        def("callbackAdded", function callbackAdded() { return swallow(doCallbackAdded()); });
        def("callback", function callback(func, expectedError) {
          const [f, e] = check("callback", SIG.callback, ["function?", "string?"], arguments);
          return doCallback(f, e);
        });
        def("callbackPass", function callbackPass(func) {
          const [f] = check("callbackPass", SIG.callbackPass, ["function?"], arguments);
          return doCallback(f);
        });
        def("callbackFail", function callbackFail(expectedError, func) {
          const [e, f] = check("callbackFail", SIG.callbackFail, ["string", "function?"], arguments);
          return doCallback(f, e);
        });
        def("listenOnce", function listenOnce(event, func) {
          const [ev, f] = check("listenOnce", SIG.listenOnce, ["any", "function?"], arguments);
          if (f) {
            const completed = doCallbackAdded();
            const listener = swallow(function () {
              ev.removeListener(listener);
              safeApply(f, arguments);
              completed();
            });
            ev.addListener(listener);
            return undefined;
          }
          return new Promise((resolve) => {
            const listener = function () {
              ev.removeListener(listener);
              resolve(arguments.length === 1 ? arguments[0] : Array.from(arguments));
            };
            ev.addListener(listener);
          });
        });
        def("listenForever", function listenForever(event, func) {
          const [ev, f] = check("listenForever", SIG.listenForever, ["any", "function"], arguments);
          const completed = doCallbackAdded();
          const listener = swallow(function () { safeApply(f, arguments); });
          ev.addListener(listener);
          return swallow(function done() {
            ev.removeListener(listener);
            completed();
          });
        });
        def("runWithUserGesture", function runWithUserGesture(fn) {
          const [f] = check("runWithUserGesture", SIG.runWithUserGesture, ["function"], arguments);
          gesture++;
          try {
            return f();
          } finally {
            gesture--;
          }
        });
        def("isProcessingUserGesture", function isProcessingUserGesture() { return gesture > 0; });
        t.onMessage = onMessage;
        return t;
      }

      // message fires test.onMessage: Chromium's listeners get {data,
      // lastMessage}.
      function message(name) {
        const info = { data: String(name), lastMessage: false };
        for (const l of onMessage._listeners.slice()) {
          try {
            l(info);
          } catch (e) {
            if (e !== FAILURE) handleException("Error in event handler: " + describe(e), e);
          }
        }
      }
      return { make, message };
    }

    // ----------------------------------------------------------- Firefox

    function firefox() {
      const onMessage = new lib.Event("test.onMessage");
      let running = false;
      let queue = [];
      let unnamed = 0;
      let task = ""; // the runTests task running now

      // result is the harness's ok(pass, msg): passing checks are not
      // reported; failing ones are, once, and do not throw.
      function result(pass, msg) {
        if (!pass) x.report("fail", task, msg);
      }
      function useString(v) {
        return v === undefined || (typeof v === "number" && (isNaN(v) || !isFinite(v)));
      }
      function cannotJSON(v) {
        return useString(v) || (typeof v === "object" && v !== null && !Array.isArray(v) && classOf(v) !== "Object");
      }
      // toSource renders values in assertion messages.
      function toSource(value) {
        try {
          if (cannotJSON(value)) return String(value);
          return JSON.stringify(value, (k, v) => (cannotJSON(v) ? String(v) : v));
        } catch (e) {
          return "<unknown>";
        }
      }
      function deepEquals(a, b) {
        const PREFIX = "#NOT_JSON_SERIALIZABLE#";
        function replacer(key, value) {
          if (typeof value === "object" && value !== null && !Array.isArray(value)) {
            const cls = classOf(value);
            if (cls === "Object") {
              const out = {};
              for (const k of Object.keys(value).sort()) out[k] = value[k];
              return out;
            }
            throw new Error("Unsupported obj type: " + cls);
          }
          if (useString(value)) return PREFIX + value;
          return value;
        }
        return JSON.stringify(a, replacer) === JSON.stringify(b, replacer);
      }
      function errorMatches(error, expected) {
        if (typeof expected === "function") return expected(error);
        if (typeof error !== "object" || error === null || typeof error.message !== "string") return false;
        if (typeof expected === "string") return error.message === expected;
        try {
          return expected.test(error.message);
        } catch (e) {
          return false;
        }
      }
      function withMsg(message, msg) {
        return msg ? message + ": " + msg : message;
      }
      async function runTasks(list) {
        queue.push(...list);
        if (running) return;
        try {
          running = true;
          while (queue.length) {
            const fn = queue.shift();
            const name = fn.name || "unnamed_test_" + ++unnamed;
            task = name;
            try {
              await fn();
            } catch (e) {
              result(false, "Exception running " + name + ": " + (e && e.message));
              throw e;
            } finally {
              task = "";
            }
          }
        } finally {
          queue.length = 0;
          running = false;
        }
      }

      function make() {
        const t = {};
        t.withHandlingUserInput = function withHandlingUserInput(callback) {
          const [cb] = check("withHandlingUserInput", "", ["function"], arguments);
          cb();
        };
        t.sendMessage = function sendMessage(...args) {
          check("sendMessage", "", ["any?", "any?"], arguments);
          let json;
          try {
            json = JSON.stringify(args);
          } catch (e) {
            json = String(args);
          }
          x.report("message", task, json);
        };
        t.notifyPass = function notifyPass(msg) {
          const [m] = check("notifyPass", "", ["string?"], arguments);
          x.report("pass", "", m === undefined ? "" : m, true);
        };
        t.notifyFail = function notifyFail(msg) {
          const [m] = check("notifyFail", "", ["string"], arguments);
          x.report("fail", "", m, true);
        };
        t.log = function log(msg) {
          const [m] = check("log", "", ["string"], arguments);
          x.report("log", task, m);
        };
        t.fail = function fail(msg) {
          result(false, String(msg));
        };
        t.succeed = function succeed(msg) {
          x.report("pass", task, String(msg));
        };
        t.assertTrue = function assertTrue(value, msg) {
          const [v, m] = check("assertTrue", "", ["any?", "string?"], arguments);
          result(Boolean(v), String(m));
        };
        t.assertFalse = function assertFalse(value, msg) {
          const [v, m] = check("assertFalse", "", ["any?", "string?"], arguments);
          result(!v, String(m));
        };
        t.assertDeepEq = function assertDeepEq(expected, actual, msg) {
          const [e, a, m] = check("assertDeepEq", "", ["any", "any", "string?"], arguments);
          x.cloneCheck(e);
          x.cloneCheck(a);
          result(deepEquals(a, e), String(m) + " - Expected: " + toSource(e) + ", Actual: " + toSource(a));
        };
        t.assertEq = function assertEq(expected, actual, msg) {
          const [e, a, m] = check("assertEq", "", ["any?", "any?", "string?"], arguments);
          const equal = e === a;
          const es = String(e);
          let as = String(a);
          if (!equal && es === as) as += " (different)";
          result(equal, String(m) + " - Expected: " + es + ", Actual: " + as);
        };
        t.assertRejects = function assertRejects(promise, expectedError, msg) {
          const [p, e, m] = check("assertRejects", "", ["thenable", "string|regexp|function", "string?"], arguments);
          return Promise.resolve(p).then(() => {
            result(false, withMsg("Promise resolved, expected rejection '" + toSource(e) + "'", m));
          }, (error) => {
            result(errorMatches(error, e),
              withMsg("Promise rejected, expecting rejection to match '" + toSource(e) + "', got '" + toSource(error) + "'", m));
          });
        };
        t.assertThrows = function assertThrows(func, expectedError, msg) {
          const [f, e, m] = check("assertThrows", "", ["function", "string|regexp|function?", "string?"], arguments);
          if (!e) throw new Error("Missing required expectedError");
          try {
            f();
            result(false, withMsg("Function did not throw, expected error '" + toSource(e) + "'", m));
          } catch (error) {
            result(errorMatches(error, e),
              withMsg("Function threw, expecting error to match '" + toSource(e) + "', got '" + toSource(error) + "'", m));
          }
        };
        t.runTests = function runTests(tests) {
          const [list] = check("runTests", "", ["array"], arguments);
          if (list.length < 1) {
            throw lib.ffParam("tests", "Array requires at least 1 items; you have " + list.length, "test.runTests");
          }
          for (let i = 0; i < list.length; i++) {
            if (typeof list[i] !== "function") {
              throw lib.ffParam("tests", "Error processing " + i + ": Expected function instead of " + toSource(list[i]), "test.runTests");
            }
          }
          return runTasks(list);
        };
        t.onMessage = onMessage;
        return t;
      }

      // message fires test.onMessage(name, ...args); a listener that throws
      // fails the test, as Firefox's TestEventManager does.
      function message() {
        const args = Array.from(arguments);
        for (const l of onMessage._listeners.slice()) {
          try {
            l.apply(undefined, args);
          } catch (e) {
            result(false, String(e) + "\n" + frames(e));
          }
        }
      }
      return { make, message };
    }

    return lib.CHROME ? chromium() : firefox();
  }
})
