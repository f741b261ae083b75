var ready = 0;
var replies = [];
chrome.runtime.onMessage.addListener(function (m) {
  if (!m || m.ready !== true) return;
  ready++;
  if (ready < 2) return;
  var port = chrome.runtime.connect({name: "fanout"});
  port.onMessage.addListener(function (r) {
    replies.push(r);
    if (replies.length === 2) {
      T.log("replies", replies.sort());
      port.disconnect();
      setTimeout(T.done, 300);
    }
  });
  port.postMessage("first");
  port.postMessage("second");
});
chrome.tabs.create({url: chrome.runtime.getURL("one.html")});
chrome.tabs.create({url: chrome.runtime.getURL("two.html")});
