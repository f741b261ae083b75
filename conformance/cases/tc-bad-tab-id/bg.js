function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
var port;
try {
  port = chrome.tabs.connect(987654, {name: "ghost"});
  T.log("returned a port", port.name);
} catch (e) {
  T.log("threw", e.message);
  setTimeout(T.done, 150);
}
if (port) {
  port.onDisconnect.addListener(function (p) {
    T.log("onDisconnect", why(p));
    setTimeout(T.done, 300);
  });
}
