function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
whenPeerReady(function () {
  var port = chrome.runtime.connect(peer, {name: "cross"});
  port.onDisconnect.addListener(function (p) {
    T.log("onDisconnect", why(p));
    try {
      port.postMessage("too late");
      T.log("postMessage after disconnect did not throw");
    } catch (e) {
      T.log("postMessage threw", e.message);
    }
    setTimeout(T.done, 150);
  });
});
