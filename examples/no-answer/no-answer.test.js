// Driver test for the no-answer example: an onMessage listener that does
// not answer. Chrome (G8) calls the sender's callback with runtime.lastError
// "The message port closed before a response was received."; Firefox calls
// it with no error (router.Profile.NoResponseIsError). Each describe pins a
// profile, so `extsim test examples/no-answer` shows both.
import { test, describe, expect } from "extsim";

async function whatTheSenderSaw(browser) {
  const ext = await browser.loadExtension(".");
  await expect(ext.background).toLog("the sender's callback saw");
  return ext.background.console.find((l) => l.includes("the sender's callback saw"));
}

describe("chrome", () => {
  test.use({ profile: "chrome" });
  test("the callback sees lastError (G8)", async ({ browser }) => {
    expect(await whatTheSenderSaw(browser)).toBe(
      "the sender's callback saw: response undefined, lastError The message port closed before a response was received.");
  });
});

describe("firefox", () => {
  test.use({ profile: "firefox" });
  test("the callback sees no error", async ({ browser }) => {
    expect(await whatTheSenderSaw(browser)).toBe("the sender's callback saw: response undefined, lastError null");
  });
});
