var api = T.family === "firefox" ? browser : chrome;
var ret;
try {
  ret = api.tabs.sendMessage(987654, "ghost");
  T.log("returned a promise", ret instanceof Promise);
} catch (e) {
  T.log("threw", e.message);
}
if (ret) {
  ret.then(function (v) { T.log("resolved", v); setTimeout(T.done, 150); }, function (e) { T.log("rejected", e.message); setTimeout(T.done, 150); });
} else {
  setTimeout(T.done, 150);
}
