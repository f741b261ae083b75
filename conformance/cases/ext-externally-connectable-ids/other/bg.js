T.ctx = "other";
// The case's extension cannot ask whether this one runs (that is what is
// refused in Chrome), so this one says so, repeating until it is heard.
function announce(tries) {
  chrome.runtime.sendMessage(peer, "ready", function (r) {
    if (!chrome.runtime.lastError && r === "go") return;
    if (tries > 40) { T.fail("the case's extension never heard the other one"); return; }
    setTimeout(function () { announce(tries + 1); }, 100);
  });
}
chrome.runtime.onMessageExternal.addListener(function (m, s, respond) {
  T.log("onMessageExternal", m);
  respond("accepted");
});
chrome.runtime.onConnectExternal.addListener(function (port) {
  T.log("onConnectExternal", port.name);
  port.onMessage.addListener(function (m) { port.postMessage("accepted"); });
});
announce(0);
