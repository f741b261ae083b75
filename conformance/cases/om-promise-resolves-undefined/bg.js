chrome.runtime.onMessage.addListener(function () { return Promise.resolve(undefined); });
chrome.tabs.create({url: T.url("/plain.html")});
