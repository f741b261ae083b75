var path = document.URL.replace(/^[a-z]+:\/\/[^\/]+/, "");
T.ctx = "cs" + path;
chrome.runtime.sendMessage(path, function (r) {
  var le = chrome.runtime.lastError;
  T.log(le ? "lastError " + le.message : r);
  setTimeout(T.done, 300);
});
