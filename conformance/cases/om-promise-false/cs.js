T.ctx = "cs";
function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
chrome.runtime.sendMessage("promise false", function (r) {
  T.log("promise false:", result(r));
  chrome.runtime.sendMessage("plain false", function (r2) {
    T.log("plain false:", result(r2));
    setTimeout(T.done, 150);
  });
});
