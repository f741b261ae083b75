// Each content script announces itself; the sender tells us its frame.
var tabId = null;
var frames = {};
whenFramesReady(3, function (t, f) { tabId = t; frames = f; go(); });
function go() {
  var port = chrome.tabs.connect(tabId, {name: "five"});
  var done = 0;
  port.onMessage.addListener(function () {
    done++;
    if (done === 3) setTimeout(T.done, 150);
  });
  for (var i = 1; i <= 5; i++) port.postMessage(i);
}
chrome.tabs.create({url: T.url("/frames.html")});
