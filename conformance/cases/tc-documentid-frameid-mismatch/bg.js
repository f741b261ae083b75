// Each content script announces itself; the sender tells us its frame.
var tabId = null;
var frames = {};
whenFramesReady(3, function (t, f) { tabId = t; frames = f; go(); });
function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
function go() {
  var doc = frames["/frame-a.html"].documentId;
  if (typeof doc !== "string") { T.log("no sender.documentId"); setTimeout(T.done, 150); return; }
  var port = chrome.tabs.connect(tabId, {name: "mismatch", frameId: 0, documentId: doc});
  port.onMessage.addListener(function (r) { T.log("reply", r); });
  port.onDisconnect.addListener(function (p) { T.log("onDisconnect", why(p)); });
  port.postMessage("who are you");
  setTimeout(T.done, 500);
}
chrome.tabs.create({url: T.url("/frames.html")});
