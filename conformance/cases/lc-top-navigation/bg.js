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
var navigated = false;
chrome.runtime.onConnect.addListener(function (port) {
  var where = port.sender.url === T.url("/nav-a.html") ? "nav-a" : port.sender.url === T.url("/nav-b.html") ? "nav-b" : "elsewhere";
  T.log("onConnect from", where);
  port.onDisconnect.addListener(function (p) { logAs("bg:" + where, "onDisconnect", why(p)); });
  if (!navigated) {
    navigated = true;
    chrome.tabs.update(port.sender.tab.id, {url: T.url("/nav-b.html")});
  } else {
    setTimeout(T.done, 500);
  }
});
chrome.tabs.create({url: T.url("/nav-a.html")});
