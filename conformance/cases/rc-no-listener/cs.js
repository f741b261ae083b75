T.ctx = "cs";
var port;
try {
  port = chrome.runtime.connect({name: "nobody"});
  T.log("connect returned a port", typeof port.postMessage);
} catch (e) {
  T.log("connect threw", e.message);
  setTimeout(T.done, 150);
}
if (port) {
  port.onDisconnect.addListener(function (p) {
    var le = chrome.runtime.lastError;
    T.log("onDisconnect", "lastError", le ? le.message : "none", "port.error", p.error ? p.error.message : T.fmt(p.error));
    setTimeout(T.done, 150);
  });
}
