chrome.runtime.onMessage.addListener(function (m, s, respond) { respond({message: m}); });
chrome.tabs.create({url: T.url("/plain.html")});
