T.ctx = "cs";
var port = chrome.runtime.connect({name: "error prop"});
T.log("opener error before", T.fmt(port.error), "has key", "error" in port);
port.onDisconnect.addListener(function (p) {
  T.log("opener error after remote disconnect", T.fmt(p.error));
  setTimeout(T.done, 150);
});
