chrome.runtime.onMessage.addListener(function (m, s, respond) { respond("first listener"); });
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  try {
    respond("second listener");
    T.log("second sendResponse did not throw");
  } catch (e) {
    T.log("second sendResponse threw", e.message);
  }
});
chrome.tabs.create({url: T.url("/plain.html")});
