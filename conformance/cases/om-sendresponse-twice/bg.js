chrome.runtime.onMessage.addListener(function (m, s, respond) {
  respond("once");
  try {
    respond("twice");
    T.log("second call did not throw");
  } catch (e) {
    T.log("second call threw", e.message);
  }
});
chrome.tabs.create({url: T.url("/plain.html")});
