function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
var count = 0;
chrome.runtime.onConnect.addListener(function (port) {
  count++;
  var n = count;
  T.log("onConnect", n);
  port.onDisconnect.addListener(function (p) { T.log("onDisconnect", n, why(p)); });
  if (n === 1) chrome.tabs.reload(port.sender.tab.id);
  else setTimeout(T.done, 500);
});
chrome.tabs.create({url: T.url("/plain.html")});
