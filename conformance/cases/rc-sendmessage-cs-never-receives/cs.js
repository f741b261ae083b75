T.ctx = "cs";
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  T.log("content script received onMessage", m);
  respond("from content script");
});
chrome.runtime.connect({name: "ready"});
