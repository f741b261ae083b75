T.ctx = "page";
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  if (m === "ready") return;
  T.log("received", m, "sender.id is self", s.id === T.ids.self);
  respond("page answers");
});
chrome.runtime.sendMessage("ready");
