function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
chrome.runtime.onConnect.addListener(function (ready) {
  var tabId = ready.sender.tab.id;
  // Close the tab only once the content script has the message (a fixed
  // delay raced a busy browser).
  ready.onMessage.addListener(function (m) {
    T.log("cs", m);
    chrome.tabs.remove(tabId, function () {
      // Bounded from the close: a browser may leave the call pending.
      setTimeout(T.done, 300);
    });
  });
  chrome.tabs.sendMessage(tabId, "answer later", function (r) {
    T.log(result(r));
  });
});
chrome.tabs.create({url: T.url("/plain.html")});
