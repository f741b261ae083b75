// The background listens but never answers the question. What does the
// sender's callback see? Chrome: runtime.lastError "The message port closed
// before a response was received."; Firefox: no error at all.
var chromeHarness = typeof chrome.test.callbackPass === "function";
var t = chromeHarness ? chrome.test : browser.test;

chrome.runtime.onMessage.addListener(function (m) {
  if (m.kind === "question") {
    console.log("got the question; not answering");
    return;
  }
  if (m.kind === "report") {
    console.log("the sender's callback saw: response " + m.response + ", lastError " + m.lastError);
    var expected = chromeHarness ? "The message port closed before a response was received." : null;
    t.assertEq(expected, m.lastError);
    t.notifyPass(chromeHarness ? undefined : "no error in Firefox");
  }
});

chrome.runtime.onInstalled.addListener(function () {
  chrome.tabs.create({url: "https://example.com/"});
});
