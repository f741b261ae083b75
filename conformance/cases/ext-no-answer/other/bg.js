T.ctx = "other";
var peer = chrome.runtime.id === T.ids.self ? T.ids.other : T.ids.self;
function pinged(m, respond) {
  if (m !== "ping") return false;
  respond("pong");
  return true;
}
chrome.runtime.onMessageExternal.addListener(function (m, s, respond) {
  if (pinged(m, respond)) return;
  T.log("onMessageExternal", m);
});
