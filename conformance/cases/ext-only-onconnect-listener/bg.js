// The case's other extension, whichever way T.ids names the two.
var peer = chrome.runtime.id === T.ids.self ? T.ids.other : T.ids.self;
// The other extension may still be starting: ping it until it answers.
function whenPeerReady(then, tries) {
  tries = tries || 0;
  chrome.runtime.sendMessage(peer, "ping", function (r) {
    if (chrome.runtime.lastError || r !== "pong") {
      if (tries > 40) { T.fail("the other extension never answered the ping"); return; }
      setTimeout(function () { whenPeerReady(then, tries + 1); }, 100);
      return;
    }
    then();
  });
}
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
