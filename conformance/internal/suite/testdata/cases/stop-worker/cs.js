chrome.runtime.sendMessage("before stop");
T.control("stopWorker").then(function () {
  T.log("stopped");
  chrome.runtime.sendMessage("after stop");
}, function (err) {
  T.log("refused", err.message);
  T.done();
});
