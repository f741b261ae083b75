// Works under both harnesses: chrome.test in Chrome, browser.test in Firefox.
var t = typeof chrome.test.callbackPass === "function" ? chrome.test : browser.test;

chrome.runtime.onConnect.addListener(function (port) {
  t.assertEq("greeter", port.name);
  t.assertEq("https://example.com/", port.sender.url);
  t.assertEq(0, port.sender.frameId);
  port.onMessage.addListener(function (m) {
    t.assertEq("hello", m.greeting);
    port.postMessage({greeting: "hi back"});
  });
  port.onDisconnect.addListener(function () {
    // The content script disconnected after our answer: done.
    if (t === chrome.test && chrome.test.notifyPass) chrome.test.notifyPass(); else browser.test.notifyPass("ports work");
  });
});

chrome.tabs.create({url: "https://example.com/"});
