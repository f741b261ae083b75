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
var count = 0;
chrome.runtime.onConnect.addListener(function (port) {
  count++;
  var n = count;
  T.log("onConnect", n);
  port.onDisconnect.addListener(function (p) { logAs("bg:port " + n, "onDisconnect", why(p)); });
  if (n === 1) chrome.tabs.reload(port.sender.tab.id);
  else setTimeout(T.done, 500);
});
chrome.tabs.create({url: T.url("/plain.html")});
