function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
chrome.runtime.onMessage.addListener(function (m, s) {
  if (m !== "ready") return;
  var port = chrome.tabs.connect(s.tab.id, {name: "unheard"});
  port.onDisconnect.addListener(function (p) {
    T.log("onDisconnect", why(p));
    setTimeout(T.done, 300);
  });
});
chrome.tabs.create({url: T.url("/plain.html")});
