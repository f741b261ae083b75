chrome.runtime.onMessage.addListener(function (m, s, respond) {
  respond({echo: m});
});
chrome.tabs.create({url: T.url("/plain.html")});
