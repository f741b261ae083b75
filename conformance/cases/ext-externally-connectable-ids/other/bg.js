T.ctx = "other";
var peer = chrome.runtime.id === T.ids.self ? T.ids.other : T.ids.self;
function pinged(m, respond) {
  if (m !== "ping") return false;
  respond("pong");
  return true;
}
chrome.runtime.onMessageExternal.addListener(function (m, s, respond) {
  T.log("onMessageExternal", m);
  respond("accepted");
});
chrome.runtime.onConnectExternal.addListener(function (port) {
  T.log("onConnectExternal", port.name);
  port.onMessage.addListener(function (m) { port.postMessage("accepted"); });
});
