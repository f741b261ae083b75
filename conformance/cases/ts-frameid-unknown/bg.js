// Each content script announces itself; the sender tells us its frame.
var tabId = null;
var frames = {};
whenFramesReady(3, function (t, f) { tabId = t; frames = f; go(); });
function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
function go() {
  chrome.tabs.sendMessage(tabId, "nowhere", {frameId: 987654}, function (r) {
    T.log(result(r));
    setTimeout(T.done, 300);
  });
}
chrome.tabs.create({url: T.url("/frames.html")});
