function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
chrome.runtime.onConnect.addListener(function (ready) {
  chrome.tabs.sendMessage(ready.sender.tab.id, "unheard", function (r) {
    T.log(result(r));
    setTimeout(T.done, 150);
  });
});
chrome.tabs.create({url: T.url("/plain.html")});
