chrome.runtime.onMessage.addListener(function (m, s, respond) {
  setTimeout(function () {
    try {
      respond("too late for " + m);
      T.log("late sendResponse did not throw");
    } catch (e) {
      T.log("late sendResponse threw", e.message);
    }
  }, 50);
});
chrome.tabs.create({url: T.url("/plain.html")});
