T.log("worker started");
chrome.runtime.onMessage.addListener(function (m) {
  T.log("message", m);
  if (m === "after stop") T.done();
});
chrome.storage.session.get("opened", function (v) {
  if (v.opened) return;
  chrome.storage.session.set({opened: true});
  chrome.tabs.create({url: T.url("/plain.html")});
});
