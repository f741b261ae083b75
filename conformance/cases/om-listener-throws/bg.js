chrome.runtime.onMessage.addListener(function (m) {
  throw new Error("boom on " + m);
});
chrome.tabs.create({url: T.url("/plain.html")});
