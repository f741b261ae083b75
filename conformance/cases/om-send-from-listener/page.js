T.ctx = "page";
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  if (m !== "from bg") return;
  T.log("page received", m);
  respond("page says hi");
});
chrome.runtime.sendMessage("page ready");
