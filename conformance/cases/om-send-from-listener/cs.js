T.ctx = "cs";
chrome.runtime.sendMessage("from cs", function (r) {
  var le = chrome.runtime.lastError;
  T.log(le ? "lastError " + le.message : r);
  setTimeout(T.done, 150);
});
