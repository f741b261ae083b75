// Each port's end is logged under its own label: whether the old port's
// onDisconnect or the new page's onConnect comes first is a race.
function logAs(label) {
  var saved = T.ctx;
  T.ctx = label;
  T.log.apply(T, Array.prototype.slice.call(arguments, 1));
  T.ctx = saved;
}
function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
var first = true;
chrome.runtime.onConnect.addListener(function (port) {
  var where = port.sender.url === T.url("/frame-a.html") ? "frame-a" : port.sender.url === T.url("/frame-b.html") ? "frame-b" : "top";
  T.log("onConnect from", where);
  port.onDisconnect.addListener(function (p) { logAs("bg:" + where, "onDisconnect", why(p)); });
  // Bounded: the navigated frame may or may not connect again.
  if (first) { first = false; setTimeout(T.done, 1000); }
});
chrome.tabs.create({url: T.url("/one-frame.html")});
