// Each content script announces itself; the sender tells us its frame.
var tabId = null;
var frames = {};
whenFramesReady(3, function (t, f) { tabId = t; frames = f; go(); });
function go() {
  var port = chrome.tabs.connect(tabId, {name: "all"});
  var replies = [];
  port.onMessage.addListener(function (r) {
    replies.push(r);
    if (replies.length === 3) {
      T.log("replies", replies.sort());
      port.disconnect();
      setTimeout(T.done, 300);
    }
  });
  port.postMessage("m1");
  port.postMessage("m2");
}
chrome.tabs.create({url: T.url("/frames.html")});
