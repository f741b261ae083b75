var tabId = null;
chrome.runtime.onMessage.addListener(function (m, s) {
  if (m !== "from /frame-a.html") return;
  T.log("sender.url is the frame", s.url === T.url("/frame-a.html"));
  T.log("sender.origin", s.origin === T.url("") ? "page origin" : T.fmt(s.origin));
  T.log("sender.frameId is positive", s.frameId > 0);
  T.log("sender.tab is the created tab", !!s.tab && s.tab.id === tabId);
  T.log("sender.tab.url is the top page", !!s.tab && s.tab.url === T.url("/one-frame.html"));
  setTimeout(T.done, 150);
});
chrome.tabs.create({url: T.url("/one-frame.html")}, function (tab) { tabId = tab.id; });
