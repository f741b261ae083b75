function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
chrome.runtime.onConnect.addListener(function (ready) {
  var tabId = ready.sender.tab.id;
  chrome.tabs.sendMessage(tabId, "answer later", function (r) {
    T.log(result(r));
  });
  // Bounded: a browser may leave the call pending.
  setTimeout(T.done, 1000);
  setTimeout(function () { chrome.tabs.remove(tabId); }, 400); // after the content script's report left
});
chrome.tabs.create({url: T.url("/plain.html")});
