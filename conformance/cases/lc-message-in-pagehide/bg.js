chrome.runtime.onMessage.addListener(function (m, s) {
  if (m === "loaded nav-a") {
    chrome.tabs.update(s.tab.id, {url: T.url("/nav-b.html")});
    return;
  }
  T.log("received", m);
  if (m === "loaded nav-b") setTimeout(T.done, 300);
});
chrome.tabs.create({url: T.url("/nav-a.html")});
