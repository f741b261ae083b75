T.ctx = "other";
chrome.runtime.onMessageExternal.addListener(function (m, s, respond) { pinged(m, respond); });
chrome.runtime.onConnect.addListener(function (port) { T.log("onConnect fired", port.name); });
chrome.runtime.onConnectExternal.addListener(function (port) {
  var s = port.sender;
  T.log("onConnectExternal", port.name, "sender.id is the caller", s.id === peer);
  T.log("typeof sender.tab", typeof s.tab, "sender.url path", typeof s.url === "string" ? s.url.replace(/^[a-z-]+:\/\/[^\/]+/, "") : T.fmt(s.url));
  port.onMessage.addListener(function (m) {
    T.log("got", m);
    port.postMessage("hello back");
  });
  port.onDisconnect.addListener(function (p) { T.log("onDisconnect", p.error ? p.error.message : "no error"); });
});
