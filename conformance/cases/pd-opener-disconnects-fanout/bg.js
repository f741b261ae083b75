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
