function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
var api = T.family === "firefox" ? browser : chrome;
whenPeerReady(function () {
  chrome.runtime.sendMessage(peer, "no answer (callback)", function (r) {
    T.log("callback", arguments.length, result(r));
    api.runtime.sendMessage(peer, "no answer (promise)").then(function (v) {
      T.log("resolved", v);
      setTimeout(T.done, 150);
    }, function (e) {
      T.log("rejected", e.message);
      setTimeout(T.done, 150);
    });
  });
});
