// Each content script announces itself; the sender tells us its frame.
var tabId = null;
var frames = {};
whenFramesReady(3, function (t, f) { tabId = t; frames = f; go(); });
function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
function go() {
  var port = chrome.tabs.connect(tabId, {name: "nowhere", frameId: 987654});
  T.log("connect returned");
  port.onDisconnect.addListener(function (p) {
    T.log("onDisconnect", why(p));
    setTimeout(T.done, 300);
  });
}
chrome.tabs.create({url: T.url("/frames.html")});
