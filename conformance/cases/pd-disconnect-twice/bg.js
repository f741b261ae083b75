chrome.runtime.onConnect.addListener(function (port) {
  port.onDisconnect.addListener(function () { T.log("receiver onDisconnect"); });
  port.postMessage("welcome");
});
chrome.tabs.create({url: T.url("/plain.html")});
