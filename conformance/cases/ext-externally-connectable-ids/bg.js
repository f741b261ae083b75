function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
// The other extension cannot be pinged here (that is what is refused), so
// it announces itself; then try a port and, once it settled, sendMessage.
var started = false;
chrome.runtime.onMessageExternal.addListener(function (m, s, respond) {
  if (m !== "ready" || s.id !== peer || started) return;
  started = true;
  respond("go");
  run();
});
function run() {
  var settled = false;
  function then() {
    if (settled) return;
    settled = true;
    chrome.runtime.sendMessage(peer, "refused?", function (r) {
      T.log("sendMessage", result(r));
      setTimeout(T.done, 150);
    });
  }
  var port = chrome.runtime.connect(peer, {name: "refused?"});
  port.onMessage.addListener(function (m) { T.log("port reply", m); then(); });
  port.onDisconnect.addListener(function (p) { T.log("onDisconnect", why(p)); then(); });
  port.postMessage("hello");
  setTimeout(then, 1000);
}
