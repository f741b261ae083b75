T.ctx = "other";
chrome.runtime.onMessageExternal.addListener(function (m, s, respond) { pinged(m, respond); });
chrome.runtime.onConnectExternal.addListener(function (port) {
  var s = port.sender;
  T.log("onConnectExternal", port.name, "sender.id is the caller", s.id === peer);
  T.log("sender.url is the page", s.url === T.url("/plain.html"), "frameId", s.frameId, "typeof tab", typeof s.tab);
  port.onMessage.addListener(function (m) {
    T.log("got", m);
    port.postMessage("hello content script");
  });
});
