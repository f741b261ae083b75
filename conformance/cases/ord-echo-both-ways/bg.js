chrome.runtime.onConnect.addListener(function (port) {
  port.onMessage.addListener(function (m) { port.postMessage(m); });
});
chrome.tabs.create({url: T.url("/plain.html")});
