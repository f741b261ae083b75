T.ctx = "cs";
function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
chrome.runtime.sendMessage("answer later", function (r) {
  T.log(result(r));
  setTimeout(T.done, 150);
});
setTimeout(function () {
  T.control("stopWorker").catch(function (e) { T.fail("stopWorker: " + e.message); });
}, 200);
