function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
whenPeerReady(function () {
  chrome.runtime.sendMessage(peer, {q: "external"}, function (r) {
    T.log(result(r));
    setTimeout(T.done, 150);
  });
});
