T.ctx = "cs";
function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
function second() {
  T.log("worker stopped");
  chrome.runtime.sendMessage("second", function (r) {
    T.log(result(r));
    setTimeout(T.done, 150);
  });
}
chrome.runtime.sendMessage("first", function (r) {
  T.log(result(r));
  // Stop a little later, so that the worker's own report has left.
  setTimeout(function () {
    T.control("stopWorker").then(second, function (e) { T.fail("stopWorker: " + e.message); });
  }, 200);
});
