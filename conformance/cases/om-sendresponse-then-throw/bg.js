chrome.runtime.onMessage.addListener(function (m, s, respond) { respond("first answers"); });
chrome.runtime.onMessage.addListener(function () { throw new Error("second throws"); });
chrome.tabs.create({url: T.url("/plain.html")});
