T.ctx = "other";
chrome.runtime.onMessage.addListener(function (m) { T.log("onMessage fired", m); });
chrome.runtime.onMessageExternal.addListener(function (m, s, respond) {
  if (pinged(m, respond)) return;
  T.log("onMessageExternal", m, "sender.id is the caller", s.id === peer);
  respond({a: "external answer"});
});
