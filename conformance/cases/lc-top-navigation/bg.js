function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
var navigated = false;
chrome.runtime.onConnect.addListener(function (port) {
  var where = port.sender.url === T.url("/nav-a.html") ? "nav-a" : port.sender.url === T.url("/nav-b.html") ? "nav-b" : "elsewhere";
  T.log("onConnect from", where);
  port.onDisconnect.addListener(function (p) { T.log("onDisconnect of", where, why(p)); });
  if (!navigated) {
    navigated = true;
    chrome.tabs.update(port.sender.tab.id, {url: T.url("/nav-b.html")});
  } else {
    setTimeout(T.done, 500);
  }
});
chrome.tabs.create({url: T.url("/nav-a.html")});
