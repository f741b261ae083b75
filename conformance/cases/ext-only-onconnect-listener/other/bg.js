T.ctx = "other";
var peer = chrome.runtime.id === T.ids.self ? T.ids.other : T.ids.self;
function pinged(m, respond) {
  if (m !== "ping") return false;
  respond("pong");
  return true;
}
chrome.runtime.onMessageExternal.addListener(function (m, s, respond) { pinged(m, respond); });
chrome.runtime.onConnect.addListener(function (port) { T.log("onConnect fired", port.name); });
