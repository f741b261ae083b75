var first = null;
chrome.runtime.onMessage.addListener(function (m, s) {
  first = s;
  T.log("first listener", m, "typeof tab", typeof s.tab, "frameId", s.frameId);
  T.log("url is the page", s.url === chrome.runtime.getURL("page.html"));
});
chrome.runtime.onMessage.addListener(function (m, s) {
  T.log("second listener sees the same sender object", s === first);
  setTimeout(T.done, 150);
});
chrome.tabs.create({url: chrome.runtime.getURL("page.html")});
