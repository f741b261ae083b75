function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
whenPeerReady(function () {
  var port = chrome.runtime.connect(peer, {name: "cross"});
  port.onDisconnect.addListener(function (p) {
    T.log("onDisconnect", why(p));
    setTimeout(T.done, 300);
  });
});
