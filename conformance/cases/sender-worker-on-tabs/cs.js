T.ctx = "cs";
chrome.runtime.onMessage.addListener(function (m, s) {
  var base = chrome.runtime.getURL("");
  T.log("message", m);
  T.log("sender.id is self", s.id === T.ids.self);
  T.log("sender.url path", typeof s.url === "string" && s.url.indexOf(base) === 0 ? s.url.slice(base.length) : T.fmt(s.url));
  T.log("has origin", "origin" in s, "origin is extension origin", s.origin === base.replace(/\/$/, ""));
  T.log("typeof tab", typeof s.tab, "frameId", T.fmt(s.frameId));
  setTimeout(T.done, 150);
});
chrome.runtime.sendMessage("ready");
