chrome.runtime.onMessage.addListener(function (m, s) {
  if (m !== "ready") return;
  T.log("ready from a tab", typeof s.tab);
  var port = chrome.tabs.connect(s.tab.id, {name: "to page"});
  port.onMessage.addListener(function (r) {
    T.log("reply", r);
    setTimeout(T.done, 300);
  });
  port.postMessage("hello page");
});
chrome.tabs.create({url: chrome.runtime.getURL("page.html")});
