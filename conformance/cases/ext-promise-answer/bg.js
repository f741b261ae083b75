var api = T.family === "firefox" ? browser : chrome;
whenPeerReady(function () {
  api.runtime.sendMessage(peer, "promise please").then(function (v) {
    T.log("resolved", T.fmt(v));
  }, function (e) {
    T.log("rejected", e.message);
  }).then(function () { setTimeout(T.done, 150); });
});
