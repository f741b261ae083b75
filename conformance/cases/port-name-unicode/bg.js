chrome.runtime.onConnect.addListener(function (port) {
  T.log("receiver name", port.name);
  port.postMessage(port.name);
});
chrome.tabs.create({url: T.url("/plain.html")});
