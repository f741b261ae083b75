T.ctx = "cs";
chrome.runtime.onConnect.addListener(function (port) {
  var s = port.sender;
  var base = chrome.runtime.getURL("");
  T.log("onConnect", port.name);
  T.log("sender.id is self", s.id === T.ids.self);
  T.log("sender.url path", typeof s.url === "string" && s.url.indexOf(base) === 0 ? s.url.slice(base.length) : T.fmt(s.url));
  T.log("typeof sender.tab", typeof s.tab, "sender.frameId", T.fmt(s.frameId));
  port.postMessage("ok");
});
chrome.runtime.sendMessage("ready");
