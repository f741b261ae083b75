// Driver test for the reconnect example: the MV3 service worker is stopped
// mid-conversation (H7: the content script's port closes) and the content
// script must reconnect, which starts the worker again (B11).
import { test, expect } from "extsim";

const connections = () => new Promise((resolve) => chrome.storage.local.get({ connections: 0 }, (s) => resolve(s.connections)));

test("the content script reconnects after the worker is stopped", async ({ browser }) => {
  const ext = await browser.loadExtension(".");
  // onInstalled opens https://example.com/, whose content script connects.
  await expect.poll(() => browser.tabs.length).toBe(1);
  const content = browser.tabs[0].contentScript(ext);
  await expect(content).toLog("ack 1");
  expect(await ext.background.evaluate(connections)).toBe(1);

  await ext.background.stop();
  await expect(content).toLog("port closed; reconnecting");
  await expect(content).toLog("ack 2");
  expect(await ext.background.evaluate(connections)).toBe(2);
});

test("an open port alone does not keep the worker alive (H8)", async ({ browser, clock }) => {
  const ext = await browser.loadExtension(".");
  await expect.poll(() => browser.tabs.length).toBe(1);
  const content = browser.tabs[0].contentScript(ext);
  await expect(content).toLog("ack 1");
  await clock.advance("29s");
  expect(content.console).not.toContain("port closed; reconnecting");
  await clock.advance("2s");
  expect(content.console).toContain("port closed; reconnecting");
});
