function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
var navigated = false;
chrome.runtime.onMessage.addListener(function (m, s) {
  if (m !== "ready") return;
  if (!navigated) {
    navigated = true;
    chrome.tabs.update(s.tab.id, {url: T.url("/nav-b.html")});
    return;
  }
  chrome.tabs.sendMessage(s.tab.id, "who is there", function (r) {
    T.log(result(r));
    setTimeout(T.done, 300);
  });
});
chrome.tabs.create({url: T.url("/nav-a.html")});
