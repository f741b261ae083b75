// Driver test for the runtime.connect example (docs/driver.md).
import { test, expect } from "extsim";

test("the content script and the background greet each other", async ({ browser }) => {
  const ext = await browser.loadExtension(".");
  const tab = await browser.newTab("https://example.com/");
  await expect(ext.background).toLog("hello from content script");
  await expect(tab.contentScript(ext)).toLog("hi there content script!");
});

test("the background keeps the content script's port", async ({ browser }) => {
  const ext = await browser.loadExtension(".");
  await browser.newTab("https://example.com/");
  expect(await ext.background.evaluate(() => portFromCS.name)).toBe("port-from-cs");
});

test("clicking the toolbar button reaches the content script", async ({ browser }) => {
  const ext = await browser.loadExtension(".");
  const tab = await browser.newTab("https://example.com/");
  await ext.clickAction(tab);
  await expect(tab.contentScript(ext)).toLog("they clicked the button!");
});

test("clicking the page reaches the background", async ({ browser }) => {
  const ext = await browser.loadExtension(".");
  const tab = await browser.newTab("https://example.com/");
  await tab.click("body");
  await expect(ext.background).toLog("they clicked the page!");
});
