T.ctx = "cs";
var api = T.family === "firefox" ? browser : chrome;
function ask(what) {
  return api.runtime.sendMessage(what).then(function (v) {
    T.log(what, "resolved", T.fmt(v));
  }, function (e) {
    T.log(what, "rejected", e.message);
  });
}
ask("bigint").then(function () { return ask("function"); }).then(function () { setTimeout(T.done, 150); });
setTimeout(T.done, 1500); // bounded, should an answer never come
