T.ctx = "cs";
function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
var port = chrome.runtime.connect({name: "closed by bg"});
T.log("port.error before", T.fmt(port.error));
port.onDisconnect.addListener(function (p) {
  T.log("onDisconnect", why(p), "same port", p === port);
  try {
    port.postMessage("after");
    T.log("postMessage did not throw");
  } catch (e) {
    T.log("postMessage threw", e.message);
  }
  setTimeout(T.done, 150);
});
port.postMessage("hello");
