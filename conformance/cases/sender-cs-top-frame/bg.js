var tabId = null;
chrome.runtime.onMessage.addListener(function (m, s) {
  T.log("sender.id is self", s.id === T.ids.self);
  T.log("sender.url is the page", s.url === T.url("/plain.html"));
  T.log("sender.origin is the page origin", s.origin === T.url(""));
  T.log("sender.frameId", s.frameId);
  T.log("typeof sender.tab", typeof s.tab, "tab is the created tab", !!s.tab && s.tab.id === tabId);
  T.log("sender.tab.url is the page", !!s.tab && s.tab.url === T.url("/plain.html"));
  T.log("typeof sender.documentId", typeof s.documentId);
  T.log("sender.documentLifecycle", T.fmt(s.documentLifecycle));
  setTimeout(T.done, 150);
});
chrome.tabs.create({url: T.url("/plain.html")}, function (tab) { tabId = tab.id; });
