function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
var ret = chrome.tabs.sendMessage(987654, "ghost", function (r) {
  T.log("callback arguments", arguments.length, result(r));
  T.log("lastError after the callback", T.fmt(chrome.runtime.lastError));
  setTimeout(T.done, 150);
});
T.log("returned", T.fmt(ret));
