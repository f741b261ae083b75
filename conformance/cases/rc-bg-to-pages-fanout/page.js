T.ctx = document.URL.indexOf("one.html") >= 0 ? "one" : "two";
var seen = [];
chrome.runtime.onConnect.addListener(function (port) {
  T.log("onConnect", port.name);
  port.onMessage.addListener(function (m) {
    seen.push(m);
    if (seen.length === 2) {
      T.log("got", seen);
      port.postMessage("reply from " + T.ctx);
    }
  });
  port.onDisconnect.addListener(function () { T.log("onDisconnect"); });
});
chrome.runtime.sendMessage({ready: true});
