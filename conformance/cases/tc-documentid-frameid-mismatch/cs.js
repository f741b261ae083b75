var path = document.URL.replace(/^[a-z]+:\/\/[^\/]+/, "");
T.ctx = "cs" + path;
chrome.runtime.onConnect.addListener(function (port) {
  T.log("onConnect", port.name);
  port.onMessage.addListener(function (m) { port.postMessage(path); });
});
chrome.runtime.sendMessage({ready: path});
