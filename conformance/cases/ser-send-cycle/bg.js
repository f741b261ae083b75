chrome.runtime.onMessage.addListener(function (m, s, respond) {
  respond(describe(m));
});
chrome.tabs.create({url: T.url("/plain.html")});
