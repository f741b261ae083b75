T.ctx = "cs";
function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
chrome.runtime.sendMessage("first", function (r) {
  T.log(result(r));
  T.control("stopWorker").then(function () {
    T.log("worker stopped");
    chrome.runtime.sendMessage("second", function (r2) {
      T.log(result(r2));
      setTimeout(T.done, 150);
    });
  }, function (e) { T.fail("stopWorker: " + e.message); });
});
