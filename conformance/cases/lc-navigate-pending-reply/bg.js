function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
chrome.runtime.onConnect.addListener(function (port) {
  if (port.name === "arrived") {
    // nav-b's content script runs once the old document is gone; bounded
    // from there: a browser may leave the call pending.
    setTimeout(T.done, 300);
    return;
  }
  var tabId = port.sender.tab.id;
  // Navigate only once the content script has the message (a fixed delay
  // raced a busy browser): it reports here, since its own page is leaving.
  port.onMessage.addListener(function (m) {
    T.log("cs", m);
    chrome.tabs.update(tabId, {url: T.url("/nav-b.html")});
  });
  chrome.tabs.sendMessage(tabId, "answer later", function (r) {
    T.log(result(r));
  });
});
chrome.tabs.create({url: T.url("/nav-a.html")});
