// Exercises the driver API. Every test here must pass; matcher failures are
// checked through toThrow, so a matcher that stopped failing fails a test.
import { test, describe, expect, beforeAll, beforeEach, afterEach, afterAll, eventually } from "extsim";
import { fixture, twice } from "./helper.js";

const fails = (fn, text) => expect(fn).toThrow(text);

describe("matchers", () => {
  test("toBe / toEqual / toStrictEqual", () => {
    expect(1 + 1).toBe(2);
    expect(NaN).toBe(NaN);
    fails(() => expect(1).toBe(2), "Expected: 2\nReceived: 1");
    fails(() => expect({ a: 1 }).toBe({ a: 1 }), "toBe");
    expect({ a: [1, { b: 2 }], c: undefined }).toEqual({ a: [1, { b: 2 }] });
    fails(() => expect({ a: 1 }).toEqual({ a: 2 }), "Expected: {a: 2}");
    fails(() => expect({ a: 1, c: undefined }).toStrictEqual({ a: 1 }), "toStrictEqual");
    expect(new Map([[1, { x: 1 }]])).toEqual(new Map([[1, { x: 1 }]]));
    fails(() => expect(new Set([1])).toEqual(new Set([2])), "toEqual");
    expect([1, 2]).not.toEqual([2, 1]);
    fails(() => expect(3).not.toBe(3), "expect(received).not.toBe\n\nExpected: not 3");
  });
  test("truthiness and definedness", () => {
    expect(1).toBeTruthy(); expect(0).toBeFalsy(); expect(undefined).toBeUndefined();
    expect(null).toBeDefined(); expect(null).toBeNull(); expect(NaN).toBeNaN();
    fails(() => expect("").toBeTruthy(), "toBeTruthy");
    fails(() => expect(1).toBeFalsy(), "toBeFalsy");
    fails(() => expect(0).toBeUndefined(), "toBeUndefined");
    fails(() => expect(undefined).toBeDefined(), "toBeDefined");
    fails(() => expect(0).toBeNull(), "toBeNull");
  });
  test("toContain / toMatch / toHaveLength / toHaveProperty", () => {
    expect([1, 2, 3]).toContain(2);
    expect("hello world").toContain("o w");
    fails(() => expect([1]).toContain(2), "Expected to contain: 2");
    expect([{ a: 1 }]).toContainEqual({ a: 1 });
    expect("abc").toMatch(/b/); expect("abc").toMatch("bc");
    fails(() => expect("abc").toMatch(/z/), "Expected pattern: /z/");
    expect([1, 2]).toHaveLength(2);
    fails(() => expect("ab").toHaveLength(3), "Expected length: 3");
    expect({ a: { b: 1 } }).toHaveProperty("a.b", 1);
    expect({ a: { b: 1 } }).toHaveProperty(["a", "b"]);
    fails(() => expect({ a: {} }).toHaveProperty("a.b"), "Expected path: \"a.b\"");
    fails(() => expect({ a: 1 }).toHaveProperty("a", 2), "Expected value: 2");
  });
  test("numbers", () => {
    expect(2).toBeGreaterThan(1); expect(2).toBeGreaterThanOrEqual(2);
    expect(1).toBeLessThan(2); expect(2).toBeLessThanOrEqual(2);
    expect(0.1 + 0.2).toBeCloseTo(0.3);
    fails(() => expect(1).toBeGreaterThan(1), "Expected: > 1");
    fails(() => expect(2).toBeLessThan(1), "Expected: < 1");
  });
  test("toThrow and toBeInstanceOf", () => {
    expect(() => { throw new TypeError("bad thing"); }).toThrow();
    expect(() => { throw new TypeError("bad thing"); }).toThrow("bad");
    expect(() => { throw new TypeError("bad thing"); }).toThrow(/thing$/);
    expect(() => { throw new TypeError("bad thing"); }).toThrow(TypeError);
    expect(() => {}).not.toThrow();
    fails(() => expect(() => {}).toThrow(), "Received function did not throw");
    fails(() => expect(() => { throw new Error("x"); }).toThrow("y"), "Expected: \"y\"");
    expect(new TypeError("x")).toBeInstanceOf(Error);
  });
  test("resolves / rejects", async () => {
    await expect(Promise.resolve(3)).resolves.toBe(3);
    await expect(Promise.reject(new Error("no"))).rejects.toThrow("no");
    await expect(expect(Promise.resolve(1)).rejects.toBe(1)).rejects.toThrow("Received promise resolved instead of rejected");
    await expect(expect(Promise.reject(1)).resolves.toBe(1)).rejects.toThrow("Received promise rejected instead of resolved");
    await expect(expect(Promise.resolve(1)).resolves.toBe(2)).rejects.toThrow("expect(received).resolves.toBe");
  });
});

const order = [];
describe("hooks", () => {
  beforeAll(() => { order.push("beforeAll"); });
  beforeEach(({ profile }) => { order.push("beforeEach " + profile); });
  afterEach(() => { order.push("afterEach"); });
  afterAll(() => { order.push("afterAll"); });
  test("first", () => { order.push("first"); });
  test("second sees the order so far", () => {
    expect(order).toEqual(["beforeAll", "beforeEach chrome", "first", "afterEach", "beforeEach chrome"]);
  });
});

test("relative imports", () => {
  expect(fixture).toBe("ext");
  expect(twice(21)).toBe(42);
});

test("globals work without import", () => {
  expect(globalThis.test).toBe(test);
  expect(typeof globalThis.expect).toBe("function");
});

describe("browser", () => {
  test("evaluate in the background, with cloned arguments and an awaited result", async ({ browser }) => {
    const ext = await browser.loadExtension(fixture);
    const bg = ext.background;
    expect(await bg.evaluate(() => started)).toBe(1);
    const arg = { when: new Date(0), list: [1, 2], map: new Map([["k", 1]]) };
    const back = await bg.evaluate((a) => ({ time: a.when.getTime(), n: a.list.length, k: a.map.get("k") }), arg);
    expect(back).toEqual({ time: 0, n: 2, k: 1 });
    expect(await bg.evaluate(() => new Promise((r) => setTimeout(() => r("later"), 1000)))).toBe("later");
    await expect(bg.evaluate(() => { throw new RangeError("inside"); })).rejects.toThrow("evaluate in service-worker fixture: RangeError: inside");
    await expect(bg.evaluate(() => Promise.reject(new Error("async")))).rejects.toThrow("Error: async");
    await expect(bg.evaluate(() => () => 1)).rejects.toThrow("the result cannot be cloned");
    await expect(bg.evaluate((f) => f, () => 1)).rejects.toThrow("the arguments cannot be cloned");
    expect(bg.console).toEqual(["background up"]);
    await expect(bg.evaluate("not a function")).rejects.toThrow("SyntaxError");
  });

  test("tabs, frames, page and content-script worlds", async ({ browser }) => {
    const ext = await browser.loadExtension("ext");
    const tab = await browser.newTab("https://example.com/a", { html: "<title>A</title><body><button id='go'>Go</button><iframe src='https://example.com/inner'></iframe></body>" });
    expect(tab.url).toBe("https://example.com/a");
    expect(tab.title).toBe("A");
    expect(tab.status).toBe("complete");
    expect(tab.frames.map((f) => f.url)).toEqual(["https://example.com/a", "https://example.com/inner"]);
    expect(await tab.contentScript(ext).evaluate(() => hello)).toBe("content world of https://example.com/a");
    expect(await tab.frames[1].contentScript(ext).evaluate(() => hello)).toBe("content world of https://example.com/inner");
    await expect(tab.page.evaluate(() => typeof hello)).resolves.toBe("undefined");
    await expect(ext.background).toLog("bg got", { within: 0 }).catch(() => {});
    const reply = await tab.contentScript(ext).evaluate(() => chrome.runtime.sendMessage({ text: "hi" }));
    expect(reply).toEqual({ echo: "hi" });
    await expect(ext.background).toLog(/bg got hi from tab \d/);
    await tab.click("body");
    await expect(tab.contentScript(ext)).toLog("clicked <BODY> in https://example.com/a");
    await tab.click("button#go");
    await expect(tab.contentScript(ext)).toLog("clicked <BUTTON id=go> in https://example.com/a");
    await expect(tab.click("#missing")).rejects.toThrow('tab.click("#missing"): js: clicking in https://example.com/a: no element matches "#missing"');
  });

  test("navigate, goBack, bfcache, crash, close", async ({ browser }) => {
    const ext = await browser.loadExtension("ext");
    const tab = await browser.newTab("https://example.com/1");
    await tab.navigate("https://example.com/2");
    expect(tab.url).toBe("https://example.com/2");
    await tab.goBack();
    expect(tab.url).toBe("https://example.com/1");
    await tab.navigate("https://example.com/3", { html: "<p>three</p>" });
    await tab.contentScript(ext).evaluate(() => { globalThis.kept = "still here"; });
    await tab.enterBFCache();
    expect(tab.url).toBe("about:blank");
    await tab.goBack();
    expect(await tab.contentScript(ext).evaluate(() => globalThis.kept)).toBe("still here");
    await tab.crash();
    await expect(tab.contentScript(ext).evaluate(() => 1)).rejects.toThrow("tab 1 has no frame 0");
    const other = await browser.newTab("https://example.com/4");
    expect(browser.tabs.map((t) => t.id)).toContain(other.id);
    await other.close();
    expect(browser.tabs.map((t) => t.id)).not.toContain(other.id);
    expect(() => other.contentScript(ext)).toThrow(`tab ${other.id} is closed`);
  });

  test("goForward, reload, frame.navigate, activate", async ({ browser }) => {
    const ext = await browser.loadExtension("ext");
    const tab = await browser.newTab("https://example.com/1", { html: "<iframe src='https://example.com/f1'></iframe>" });
    await tab.contentScript(ext).evaluate(() => { globalThis.mark = 1; });
    await tab.reload();
    expect(await tab.contentScript(ext).evaluate(() => typeof globalThis.mark)).toBe("undefined");
    await tab.frames[1].navigate("https://example.com/f2");
    expect(tab.frames.map((f) => f.url)).toEqual(["https://example.com/1", "https://example.com/f2"]);
    expect(tab.frames[1].parentId).toBe(tab.frames[0].id);
    await tab.navigate("https://example.com/2");
    await tab.goBack();
    await tab.goForward();
    expect(tab.url).toBe("https://example.com/2");
    browser.serve("https://example.com/4", "<title>Four</title>");
    await tab.navigate("https://example.com/4?q=1#top");
    expect(tab.title).toBe("Four");
    expect(() => browser.serve("file:///x", "")).toThrow("only http(s) URLs can be served");
    await expect(browser.newTab("ftp://x/", { html: "" })).rejects.toThrow("only http(s) URLs can be served");
    const other = await browser.newTab("https://example.com/3");
    expect(await other.page.evaluate(() => 1)).toBe(1);
    await tab.activate();
    await ext.clickAction();
    expect(await ext.background.evaluate(() => new Promise((r) => chrome.tabs.query({ active: true }, (ts) => r(ts.map((t) => t.id)))))).toEqual([tab.id]);
  });

  test("disable and enable", async ({ browser }) => {
    const ext = await browser.loadExtension("ext");
    const tab = await browser.newTab("https://example.com/");
    await ext.disable();
    await expect(tab.contentScript(ext).evaluate(() => chrome.runtime.sendMessage({ text: "x" }))).rejects.toThrow("Extension context invalidated.");
    await ext.enable();
    await expect(ext.background).toLog("background up");
    const fresh = await browser.newTab("https://example.com/again");
    expect(await fresh.contentScript(ext).evaluate(() => chrome.runtime.sendMessage({ text: "back" }))).toEqual({ echo: "back" });
  });

  test("background stop, restart on an event, reload", async ({ browser }) => {
    const ext = await browser.loadExtension("ext");
    await ext.background.stop();
    await expect(ext.background.evaluate(() => 1)).rejects.toThrow("is not running");
    const tab = await browser.newTab("https://example.com/");
    await tab.contentScript(ext).evaluate(() => chrome.runtime.sendMessage({ text: "wake" }));
    expect(await ext.background.evaluate(() => started)).toBe(1);
    expect(ext.background.console).toEqual(["background up", "background up", "bg got wake from tab " + tab.id]);
    await ext.reload();
    await expect(tab.contentScript(ext).evaluate(() => chrome.runtime.sendMessage({ text: "x" }))).rejects.toThrow("Extension context invalidated.");
  });

  test("popup and the toolbar button", async ({ browser }) => {
    const ext = await browser.loadExtension("ext");
    const popup = await ext.openPopup();
    await expect(popup).toLog("popup open");
    expect(await popup.evaluate(() => popupValue * 6)).toBe(42);
    expect(ext.url("popup.html")).toBe(ext.origin + "/popup.html");
  });

  test("an extension from files", async ({ browser }) => {
    const ext = await browser.loadExtension({
      "manifest.json": { manifest_version: 3, name: "inline", version: "1", background: { service_worker: "bg.js", scripts: ["bg.js"] } },
      "bg.js": "console.log('inline ' + chrome.runtime.getManifest().name);",
    });
    expect(ext.name).toBe("inline");
    await expect(ext.background).toLog("inline inline");
    expect(browser.extensions.map((e) => e.name)).toEqual(["inline"]);
  });

  test("the virtual clock", async ({ browser, clock }) => {
    const ext = await browser.loadExtension("ext");
    expect(clock.now()).toBe(0);
    await ext.background.evaluate(() => { setTimeout(() => console.log("ten seconds"), 10000); });
    await clock.advance("9s");
    expect(ext.background.console).not.toContain("ten seconds");
    await clock.advance(1000);
    expect(clock.now()).toBe(10000);
    expect(ext.background.console).toContain("ten seconds");
    await expect(clock.advance("soon")).rejects.toThrow("a duration is a number of milliseconds");
  });

  test("waits advance virtual time and report what they saw", async ({ browser, clock }) => {
    const ext = await browser.loadExtension("ext");
    await ext.background.evaluate(() => { setTimeout(() => console.log("late"), 3000); });
    await expect(ext.background).toLog("late");
    expect(clock.now()).toBe(3000);
    await expect(expect(ext.background).toLog("never", { within: "2s" })).rejects.toThrow("Seen in service-worker fixture:\n  background up\n  late");
    expect(clock.now()).toBe(5000);
    let n = 0;
    await ext.background.evaluate(() => { setInterval(() => { globalThis.ticks = (globalThis.ticks || 0) + 1; }, 100); });
    await expect.poll(() => ext.background.evaluate(() => globalThis.ticks)).toBeGreaterThan(4);
    await expect(expect.poll(() => n, { timeout: 500 }).toBe(1)).rejects.toThrow("Gave up after 500ms of virtual time.");
    await eventually(async () => { expect(await ext.background.evaluate(() => globalThis.ticks)).toBeGreaterThan(20); });
    await expect(eventually(() => { throw new Error("nope"); }, { timeout: "1s" })).rejects.toThrow("nope\n\nGave up after 1000ms of virtual time (eventually).");
  });
});

test("browser calls outside a test are refused", () => {
  expect(() => expect.poll(1)).toThrow("expect.poll: pass a function");
});
