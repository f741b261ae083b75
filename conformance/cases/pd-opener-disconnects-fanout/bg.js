// Each content script announces itself; the sender tells us its frame.
var tabId = null;
var frames = {};
whenFramesReady(3, function (t, f) { tabId = t; frames = f; go(); });
function go() {
  var port = chrome.tabs.connect(tabId, {name: "three"});
  var acks = 0;
  port.onMessage.addListener(function () {
    acks++;
    if (acks === 3) {
      port.disconnect();
      setTimeout(T.done, 400);
    }
  });
}
chrome.tabs.create({url: T.url("/frames.html")});
