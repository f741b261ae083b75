function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
chrome.runtime.onConnect.addListener(function (port) {
  T.log("onConnect", port.name);
  port.onDisconnect.addListener(function (p) {
    T.log("onDisconnect", why(p));
    setTimeout(T.done, 150);
  });
  chrome.tabs.remove(port.sender.tab.id);
});
chrome.tabs.create({url: T.url("/plain.html")});
