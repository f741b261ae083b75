chrome.runtime.onMessage.addListener(function (m, s) {
  if (m === "loaded nav-a") {
    chrome.tabs.update(s.tab.id, {url: T.url("/nav-b.html")});
    return;
  }
  // The pagehide message and the new page's first message travel on
  // different channels: log them under different labels.
  var saved = T.ctx;
  T.ctx = m === "loaded nav-b" ? "bg" : "bg:pagehide";
  T.log("received", m);
  T.ctx = saved;
  if (m === "loaded nav-b") setTimeout(T.done, 300);
});
chrome.tabs.create({url: T.url("/nav-a.html")});
