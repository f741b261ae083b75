chrome.runtime.onMessage.addListener(function (m) {
  T.log("received", m);
});
chrome.tabs.create({url: T.url("/plain.html")});
