chrome.runtime.onMessage.addListener(function (m, s, respond) {
  if (m === "page ready") {
    chrome.tabs.create({url: T.url("/plain.html")});
    return;
  }
  if (m !== "from cs") return;
  chrome.runtime.sendMessage("from bg", function (r) {
    var le = chrome.runtime.lastError;
    respond(le ? "inner failed: " + le.message : "relayed: " + r);
  });
  return true;
});
chrome.tabs.create({url: chrome.runtime.getURL("page.html")});
