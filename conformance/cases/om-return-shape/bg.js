chrome.runtime.onMessage.addListener(function (m, s, respond) { respond("ok " + m); });
chrome.tabs.create({url: chrome.runtime.getURL("page.html")});
