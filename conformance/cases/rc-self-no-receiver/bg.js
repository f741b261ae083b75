// The caller is never its own receiver (B5), so the port fails (B6).
chrome.runtime.onConnect.addListener(function (port) {
  T.log("onConnect fired in the opener", port.name);
});
var port = chrome.runtime.connect({name: "self"});
port.onDisconnect.addListener(function (p) {
  var le = chrome.runtime.lastError;
  T.log("onDisconnect", "lastError", le ? le.message : "none", "port.error", p.error ? p.error.message : T.fmt(p.error));
  setTimeout(T.done, 300);
});
