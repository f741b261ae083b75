T.ctx = "other";
chrome.runtime.onMessageExternal.addListener(function (m, s, respond) { pinged(m, respond); });
chrome.runtime.onConnectExternal.addListener(function (port) {
  T.log("onConnectExternal", port.name);
  port.disconnect();
});
