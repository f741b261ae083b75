T.ctx = "cs";
function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
var port = chrome.runtime.connect({name: "worker port"});
port.onDisconnect.addListener(function (p) {
  T.log("onDisconnect", why(p));
  setTimeout(T.done, 150);
});
port.onMessage.addListener(function (m) {
  T.log("got", m);
  // Stop a little later, so that the worker's own report has left.
  setTimeout(function () {
    T.control("stopWorker").catch(function (e) { T.fail("stopWorker: " + e.message); });
  }, 200);
});
port.postMessage("hello");
