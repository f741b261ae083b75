// Each content script announces itself; the sender tells us its frame.
var tabId = null;
var frames = {};
whenFramesReady(3, function (t, f) { tabId = t; frames = f; go(); });
function go() {
  var doc = frames["/frame-a.html"].documentId;
  T.log("typeof sender.documentId", typeof doc);
  if (typeof doc !== "string") { setTimeout(T.done, 150); return; }
  var port = chrome.tabs.connect(tabId, {name: "by document", documentId: doc});
  port.onMessage.addListener(function (r) {
    T.log("reply", r);
    setTimeout(T.done, 300);
  });
  port.postMessage("who are you");
}
chrome.tabs.create({url: T.url("/frames.html")});
