receiveValues();
chrome.tabs.create({url: T.url("/plain.html")});
