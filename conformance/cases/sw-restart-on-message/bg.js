T.log("background script ran");
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  T.log("received", m);
  respond("answer to " + m);
});
// The script runs again when the worker restarts: open the tab only once.
chrome.storage.session.get("opened", function (v) {
  if (v.opened) return;
  chrome.storage.session.set({opened: true}, function () {
    chrome.tabs.create({url: T.url("/plain.html")});
  });
});
