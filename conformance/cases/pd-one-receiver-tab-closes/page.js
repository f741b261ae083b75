T.ctx = document.URL.indexOf("one.html") >= 0 ? "one" : "two";
function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
chrome.runtime.onConnect.addListener(function (port) {
  // Page one's tab is closed under it: a report in flight could be lost
  // with it, so only page two logs.
  var log = T.ctx === "two" ? T.log : function () {};
  log("onConnect", port.name);
  port.onMessage.addListener(function (m) {
    log("got", m);
    port.postMessage(T.ctx + " answers");
  });
  port.onDisconnect.addListener(function (p) { log("onDisconnect", why(p)); });
  port.postMessage("ack");
});
chrome.runtime.sendMessage({ready: T.ctx});
