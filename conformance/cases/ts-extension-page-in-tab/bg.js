function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
chrome.runtime.onMessage.addListener(function (m, s) {
  if (m !== "ready") return;
  chrome.tabs.sendMessage(s.tab.id, "hello page", function (r) {
    T.log(result(r));
    setTimeout(T.done, 150);
  });
});
chrome.tabs.create({url: chrome.runtime.getURL("page.html")});
