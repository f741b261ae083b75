function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
var peer = chrome.runtime.id === T.ids.self ? T.ids.other : T.ids.self;
// The other extension cannot be pinged here (that is what is refused), so
// give it time to start, then try both kinds of channel.
setTimeout(function () {
  var port = chrome.runtime.connect(peer, {name: "refused?"});
  port.onMessage.addListener(function (m) { T.log("port reply", m); });
  port.onDisconnect.addListener(function (p) { T.log("onDisconnect", why(p)); });
  port.postMessage("hello");
  chrome.runtime.sendMessage(peer, "refused?", function (r) {
    T.log("sendMessage", result(r));
    setTimeout(T.done, 500);
  });
}, 500);
