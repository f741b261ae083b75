function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
var first = true;
chrome.runtime.onConnect.addListener(function (port) {
  var where = port.sender.url === T.url("/frame-a.html") ? "frame-a" : port.sender.url === T.url("/frame-b.html") ? "frame-b" : "top";
  T.log("onConnect from", where);
  port.onDisconnect.addListener(function (p) { T.log("onDisconnect of", where, why(p)); });
  // Bounded: the navigated frame may or may not connect again.
  if (first) { first = false; setTimeout(T.done, 1000); }
});
chrome.tabs.create({url: T.url("/one-frame.html")});
