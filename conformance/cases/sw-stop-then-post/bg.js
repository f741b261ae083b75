chrome.runtime.onConnect.addListener(function (port) {
  T.log("onConnect", port.name);
  port.postMessage("connected");
});
chrome.tabs.create({url: T.url("/plain.html")});
