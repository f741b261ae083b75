T.ctx = "other";
chrome.runtime.onMessageExternal.addListener(function (m, s, respond) {
  if (m === "ping") { respond("pong"); return; }
  T.log("onMessageExternal", m);
  return new Promise(function (resolve) { setTimeout(function () { resolve({answer: "from a Promise"}); }, 50); });
});
