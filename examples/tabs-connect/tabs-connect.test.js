// Driver test for the tabs.connect example (docs/driver.md).
import { test, expect } from "extsim";

test("the toolbar button connects to the active tab's content script", async ({ browser }) => {
  const ext = await browser.loadExtension(".");
  const tab = await browser.newTab("https://example.com/");
  const content = tab.contentScript(ext);
  await expect(content).not.toLog("connected", { within: "1s" });
  await ext.clickAction(tab);
  await expect(content).toLog("connected: tabs-connect-example");
  await expect(content).toLog("hi from background script");
});

test("only the active tab is connected", async ({ browser }) => {
  const ext = await browser.loadExtension(".");
  const first = await browser.newTab("https://example.com/one");
  const second = await browser.newTab("https://example.com/two");
  await ext.clickAction(second);
  await expect(second.contentScript(ext)).toLog("connected: tabs-connect-example");
  expect(first.contentScript(ext).console).toEqual([]);
});
