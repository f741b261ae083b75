chrome.runtime.onMessage.addListener(function (m, s) {
  if (m !== "ready") return;
  var port = chrome.tabs.connect(s.tab.id, {name: "named by background"});
  T.log("opener name", port.name);
  port.onMessage.addListener(function (r) {
    T.log("reply", r);
    setTimeout(T.done, 150);
  });
});
chrome.tabs.create({url: T.url("/plain.html")});
