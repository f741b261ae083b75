var tabId = null;
chrome.runtime.onConnect.addListener(function (port) {
  var s = port.sender;
  T.log("onConnect", port.name);
  T.log("sender.id is self", s.id === T.ids.self);
  T.log("sender.url is the page", s.url === chrome.runtime.getURL("page.html"));
  T.log("sender.origin is the extension origin", s.origin === chrome.runtime.getURL("").replace(/\/$/, ""));
  T.log("typeof sender.tab", typeof s.tab, "tab is the created tab", !!s.tab && s.tab.id === tabId);
  T.log("sender.frameId", s.frameId);
  port.onMessage.addListener(function (m) {
    T.log("got", m);
    setTimeout(T.done, 150);
  });
});
chrome.tabs.create({url: chrome.runtime.getURL("page.html")}, function (tab) { tabId = tab.id; });
