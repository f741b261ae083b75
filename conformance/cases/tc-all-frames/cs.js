var path = document.URL.replace(/^[a-z]+:\/\/[^\/]+/, "");
T.ctx = "cs" + path;
var got = [];
chrome.runtime.onConnect.addListener(function (port) {
  T.log("onConnect", port.name);
  port.onMessage.addListener(function (m) {
    got.push(m);
    if (got.length === 2) port.postMessage(path);
  });
  port.onDisconnect.addListener(function () { T.log("onDisconnect after", got); });
});
chrome.runtime.sendMessage({ready: path});
