chrome.runtime.onMessage.addListener(function (m, s, respond) { respond(); });
chrome.tabs.create({url: T.url("/plain.html")});
