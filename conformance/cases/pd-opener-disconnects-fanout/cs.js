var path = document.URL.replace(/^[a-z]+:\/\/[^\/]+/, "");
T.ctx = "cs" + path;
function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
chrome.runtime.onConnect.addListener(function (port) {
  T.log("onConnect", port.name);
  port.onDisconnect.addListener(function (p) { T.log("onDisconnect", why(p)); });
  port.postMessage("ack");
});
chrome.runtime.sendMessage({ready: path});
