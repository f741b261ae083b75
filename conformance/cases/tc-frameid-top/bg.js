var WANT = 3;
// Each content script announces itself; the sender tells us its frame.
var tabId = null;
var frames = {};
chrome.runtime.onMessage.addListener(function (m, s) {
  if (!m || !m.ready) return;
  tabId = s.tab.id;
  frames[m.ready] = {frameId: s.frameId, documentId: s.documentId};
  if (Object.keys(frames).length === WANT) go();
});
function go() {
  var port = chrome.tabs.connect(tabId, {name: "top", frameId: 0});
  port.onMessage.addListener(function (r) {
    T.log("reply", r);
    setTimeout(T.done, 300);
  });
  port.postMessage("who are you");
}
chrome.tabs.create({url: T.url("/frames.html")});
