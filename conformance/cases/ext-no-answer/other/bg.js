T.ctx = "other";
chrome.runtime.onMessageExternal.addListener(function (m, s, respond) {
  if (pinged(m, respond)) return;
  T.log("onMessageExternal", m);
});
