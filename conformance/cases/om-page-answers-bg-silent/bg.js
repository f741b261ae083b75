chrome.runtime.onMessage.addListener(function (m) {
  if (m === "page ready") {
    chrome.tabs.create({url: T.url("/plain.html")});
    return;
  }
  T.log("background saw", m);
});
chrome.tabs.create({url: chrome.runtime.getURL("page.html")});
