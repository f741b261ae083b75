chrome.runtime.onMessage.addListener(function (m, s) {
  if (m !== "ready") return;
  chrome.tabs.sendMessage(s.tab.id, "from background");
});
chrome.tabs.create({url: T.url("/plain.html")});
