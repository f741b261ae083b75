T.ctx = "cs";
function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
var api = T.family === "firefox" ? browser : chrome;
function ask(what) {
  return api.runtime.sendMessage(what).then(function (v) {
    T.log(what, "resolved", T.fmt(v));
  }, function (e) {
    T.log(what, "rejected", e.message);
  });
}
ask("string").then(function () { return ask("undefined"); }).then(function () { return ask("object with message"); }).then(function () { setTimeout(T.done, 150); });
