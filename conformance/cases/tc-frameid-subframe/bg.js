// Each content script announces itself; the sender tells us its frame.
var tabId = null;
var frames = {};
whenFramesReady(3, function (t, f) { tabId = t; frames = f; go(); });
function go() {
  var port = chrome.tabs.connect(tabId, {name: "b only", frameId: frames["/frame-b.html"].frameId});
  port.onMessage.addListener(function (r) {
    T.log("reply", r);
    setTimeout(T.done, 300);
  });
  port.postMessage("who are you");
}
chrome.tabs.create({url: T.url("/frames.html")});
