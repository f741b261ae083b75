function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
var tabs = {};
chrome.runtime.onMessage.addListener(function (m, s) {
  if (!m || !m.ready) return;
  tabs[m.ready] = s.tab.id;
  if (!tabs.one || !tabs.two) return;
  var port = chrome.runtime.connect({name: "two pages"});
  var acks = 0;
  port.onDisconnect.addListener(function (p) { T.log("onDisconnect", why(p)); });
  port.onMessage.addListener(function (r) {
    if (r === "ack") {
      acks++;
      if (acks === 2) chrome.tabs.remove(tabs.one);
      return;
    }
    T.log("got", r);
  });
  setTimeout(function () {
    try {
      port.postMessage("still there?");
      T.log("post after the close did not throw");
    } catch (e) {
      T.log("post after the close threw", e.message);
    }
  }, 400);
  setTimeout(T.done, 800);
});
chrome.tabs.create({url: chrome.runtime.getURL("one.html")});
chrome.tabs.create({url: chrome.runtime.getURL("two.html")});
