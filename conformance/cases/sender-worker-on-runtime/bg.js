chrome.runtime.onMessage.addListener(function (m) {
  if (m !== "ready") return;
  chrome.runtime.sendMessage("from background");
});
chrome.tabs.create({url: chrome.runtime.getURL("page.html")});
