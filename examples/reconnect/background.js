// Each start of the worker is a fresh global scope: what must survive a
// stop lives in storage. The test passes when a content script has
// connected twice (before and after the worker was stopped) and its
// message arrived both times.
var t = typeof chrome.test.callbackPass === "function" ? chrome.test : browser.test;

chrome.runtime.onConnect.addListener(function (port) {
  port.onMessage.addListener(function (m) {
    chrome.storage.local.get({connections: 0}, function (s) {
      var n = s.connections + 1;
      console.log("connection " + n + " says: " + m.text);
      chrome.storage.local.set({connections: n}, function () {
        port.postMessage({ack: n});
        if (n === 2) t.notifyPass("reconnected after the worker stopped");
      });
    });
  });
});

chrome.runtime.onInstalled.addListener(function () {
  chrome.tabs.create({url: "https://example.com/"});
});
